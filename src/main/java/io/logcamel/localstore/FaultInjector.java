package io.logcamel.localstore;

/**
 * Faults the local Logstore injects into PutLogs, for reliability tests: an error code answered
 * at a given rate, an outage, added latency. Settable while the server runs.
 * (Contract stub: the local Logstore work fills in the behaviour.)
 */
public final class FaultInjector {

    /** Answer PutLogs with {@code errorCode} (e.g. ServerBusy, WriteQuotaExceed) on a fraction {@code rate} (0..1) of requests; null clears. */
    public void setError(String errorCode, double rate) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** While true every PutLogs fails as if the service were down (HTTP 503 ServerBusy). */
    public void setOutage(boolean down) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Delay every PutLogs answer by this many milliseconds. */
    public void setLatencyMillis(long millis) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Removes every fault. */
    public void clear() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
