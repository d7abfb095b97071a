package io.logcamel.parse.time;

/** A compiled time format. Immutable and thread-safe. */
public interface TimeParser {

    /**
     * Reads {@code text} into {@code out}.
     *
     * @param nowSeconds the processing time, for formats that leave out the year
     * @return false when the text does not fit the format
     */
    boolean parse(String text, long nowSeconds, ParsedTime out);
}
