package io.logcamel.parse;

/** A compiled, immutable, thread-safe line format: hands out a {@link LineParser} per batch. */
public interface LineFormat {

    LineParser newParser();
}
