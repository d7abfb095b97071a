package io.logcamel.input.sql;

import io.logcamel.event.SourcePosition;

/** The checkpoint column's value of the last row of a batch. */
public record QueryCheckpoint(String key, String value) implements SourcePosition {

    @Override
    public String describe() {
        return key + "@" + value;
    }
}
