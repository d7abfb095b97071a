package io.logcamel.input.batch;

import io.logcamel.input.InputMetrics;
import org.apache.camel.CamelContext;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one {@code batch:} queue name since the application started; on {@code /q/metrics}
 * as {@code logcamel_batch_*_total{input="<name>"}}.
 */
public final class BatchStatistics {

    final AtomicLong acceptedEvents = new AtomicLong();
    final AtomicLong droppedEvents = new AtomicLong();
    final AtomicLong sealedBatches = new AtomicLong();
    final AtomicLong completedBatches = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();
    final AtomicLong lostOnStopEvents = new AtomicLong();
    final AtomicLong pauses = new AtomicLong();

    void register(CamelContext context, String name) {
        InputMetrics.counter(context, "logcamel.batch.accepted.events", "events taken into a batch", name, acceptedEvents);
        InputMetrics.counter(context, "logcamel.batch.dropped.events", "events dropped because the queue was full"
                + " (whenFull=drop) or paused", name, droppedEvents);
        InputMetrics.counter(context, "logcamel.batch.completed.batches", "batches delivered or spooled", name,
                completedBatches);
        InputMetrics.counter(context, "logcamel.batch.failed.attempts", "batches neither delivered nor spooled, sent"
                + " again", name, failedAttempts);
        InputMetrics.counter(context, "logcamel.batch.lost.on.stop.events", "events in memory neither delivered nor"
                + " spooled when the input stopped", name, lostOnStopEvents);
        InputMetrics.counter(context, "logcamel.batch.pauses", "times the queue paused its input (whenFull=pause)", name,
                pauses);
    }

    /** Events taken into a batch. */
    public long acceptedEvents() {
        return acceptedEvents.get();
    }

    /** Events refused because the queue was full under {@code whenFull=drop} (or paused). */
    public long droppedEvents() {
        return droppedEvents.get();
    }

    /** Batches sealed (full, lingered or flushed at stop). */
    public long sealedBatches() {
        return sealedBatches.get();
    }

    /** Batches whose exchange completed: delivered, or spooled by the route's error handler. */
    public long completedBatches() {
        return completedBatches.get();
    }

    /** Exchanges that failed and whose batch was sent through the route again. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Events still in memory when the consumer's drain time ran out at stop: lost. */
    public long lostOnStopEvents() {
        return lostOnStopEvents.get();
    }

    /** How often the queue paused its input (whenFull=pause). */
    public long pauses() {
        return pauses.get();
    }
}
