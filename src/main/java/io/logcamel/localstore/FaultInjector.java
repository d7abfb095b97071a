package io.logcamel.localstore;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Faults the local Logstore injects into PutLogs, for reliability tests: an error code answered
 * at a given rate, an outage, added latency. Settable while the server runs, from any thread.
 */
public final class FaultInjector {

    /** The whole fault state, swapped at once so a request never sees half of an update. */
    private record State(String errorCode, double rate, boolean outage, long latencyMillis) {
        static final State NONE = new State(null, 0, false, 0);
    }

    private volatile State state = State.NONE;

    /** Answer PutLogs with {@code errorCode} (e.g. ServerBusy, WriteQuotaExceed) on a fraction {@code rate} (0..1) of requests; null clears. */
    public synchronized void setError(String errorCode, double rate) {
        if (errorCode == null || errorCode.isBlank()) {
            state = new State(null, 0, state.outage, state.latencyMillis);
            return;
        }
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("fault rate must be between 0 and 1, got " + rate);
        }
        if (!errorCode.matches("[A-Za-z][A-Za-z0-9.]{0,63}")) {
            throw new IllegalArgumentException("fault errorCode must be a word like ServerBusy, got '" + errorCode + "'");
        }
        state = new State(errorCode, rate, state.outage, state.latencyMillis);
    }

    /** While true every PutLogs fails as if the service were down (HTTP 503 ServerBusy). */
    public synchronized void setOutage(boolean down) {
        state = new State(state.errorCode, state.rate, down, state.latencyMillis);
    }

    /** Delay every PutLogs answer by this many milliseconds. */
    public synchronized void setLatencyMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("fault latencyMillis must not be negative, got " + millis);
        }
        state = new State(state.errorCode, state.rate, state.outage, millis);
    }

    /** Removes every fault. */
    public synchronized void clear() {
        state = State.NONE;
    }

    /** A short description for the fault HTTP API and logs. */
    public String describe() {
        State s = state;
        return "{\"errorCode\":" + (s.errorCode == null ? "null" : "\"" + s.errorCode + "\"")
                + ",\"rate\":" + s.rate + ",\"outage\":" + s.outage + ",\"latencyMillis\":" + s.latencyMillis + "}";
    }

    /**
     * Applies the faults to one PutLogs: sleeps for the latency, then throws the error this
     * request is chosen to fail with, if any.
     */
    void apply() throws InterruptedException {
        State s = state;
        if (s.latencyMillis > 0) {
            Thread.sleep(s.latencyMillis);
        }
        if (s.outage) {
            throw new LogstoreError(503, "ServerBusy", "the local Logstore is in an injected outage");
        }
        if (s.errorCode != null && s.rate > 0 && (s.rate >= 1 || ThreadLocalRandom.current().nextDouble() < s.rate)) {
            throw new LogstoreError(LogstoreError.statusOf(s.errorCode), s.errorCode,
                    "injected fault " + s.errorCode + " at rate " + s.rate);
        }
    }
}
