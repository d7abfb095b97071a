package io.logcamel.parse;

/**
 * Turns one line into fields. An instance belongs to one batch on one thread, so it may reuse
 * matchers and buffers; {@link LineFormat} is the thread-safe, compiled form it comes from.
 */
public interface LineParser {

    /** Returned (by identity) when the line needed more regex work than its budget allows. */
    String CUT_OFF = "cut off: the line exceeded the regex work budget";

    /**
     * Parses {@code line} into {@code out} (which the caller has cleared).
     *
     * @return null when the line was parsed, otherwise a short reason for the error field
     */
    String parse(String line, ParsedFields out);
}
