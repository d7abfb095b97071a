package io.logcamel.logstore;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one endpoint has done since it started: cheap counters that many producer threads bump,
 * read by status pages and (later) exported as metrics.
 */
public final class LogstoreStatistics {

    private final LongAdder attempts = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder requestsDelivered = new LongAdder();
    private final LongAdder logsDelivered = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder failingPeriods = new LongAdder();

    void attempt(int bodyBytes) {
        attempts.increment();
        bytesSent.add(bodyBytes);
    }

    void retry() {
        retries.increment();
    }

    void failure() {
        failures.increment();
    }

    void failingPeriod() {
        failingPeriods.increment();
    }

    void delivered(int logs) {
        requestsDelivered.increment();
        logsDelivered.add(logs);
    }

    /** PutLogs sent, first tries and retries alike. */
    public long attempts() {
        return attempts.sum();
    }

    /** PutLogs sent again after a retryable failure. */
    public long retries() {
        return retries.sum();
    }

    /** PutLogs given up on: not retryable, or out of retries. */
    public long failures() {
        return failures.sum();
    }

    public long requestsDelivered() {
        return requestsDelivered.sum();
    }

    public long logsDelivered() {
        return logsDelivered.sum();
    }

    /** How often the endpoint went into its failing state (a request out of retries after successes). */
    public long failingPeriods() {
        return failingPeriods.sum();
    }

    /** Body bytes sent (compressed), retries included. */
    public long bytesSent() {
        return bytesSent.sum();
    }

    @Override
    public String toString() {
        return "attempts=" + attempts() + ", retries=" + retries() + ", failures=" + failures()
                + ", requestsDelivered=" + requestsDelivered() + ", logsDelivered=" + logsDelivered()
                + ", bytesSent=" + bytesSent();
    }
}
