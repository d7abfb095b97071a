package io.logcamel.input.batch;

import io.logcamel.event.SourcePosition;

/**
 * The position of a batch made by {@code batch:} from events that each carried one
 * ({@link BatchConstants#POSITION}): the first and the last, in arrival order.
 */
public record PositionRange(SourcePosition first, SourcePosition last) implements SourcePosition {

    @Override
    public String describe() {
        return first.describe() + ".." + last.describe();
    }
}
