package io.logcamel.parse;

import io.logcamel.event.LogBatch;

/**
 * One processing step applied to a whole batch, in place. Implementations are immutable after
 * construction and safe to call from several threads at once: per-call scratch state lives on
 * the stack of {@link #apply}, so a route with concurrent consumers needs no locking.
 */
public interface BatchStep {

    void apply(LogBatch batch);
}
