package io.logcamel.input.binlog;

import io.logcamel.event.SourcePosition;

/** The number a change event got from {@link BinlogDeliveryTracker} when it entered the route. */
public record BinlogSequence(long number) implements SourcePosition {

    @Override
    public String describe() {
        return "#" + number;
    }
}
