package io.logcamel.event;

/**
 * Where in its source a batch ends: a file offset, a binlog position, a query checkpoint value.
 *
 * <p>An input attaches one to every batch and moves its own checkpoint to it only when the
 * exchange carrying the batch completed successfully (the delivery contract in docs/architecture.md).
 */
public interface SourcePosition {

    /** A short human-readable form for logs and status pages, e.g. {@code /var/log/app.log@4096}. */
    String describe();
}
