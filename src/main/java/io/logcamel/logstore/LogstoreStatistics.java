package io.logcamel.logstore;

import io.logcamel.metrics.MeterScope;
import io.logcamel.metrics.Metered;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one endpoint has done since it started, in total or for one collection config (route):
 * cheap counters that many producer threads bump, read by the status API and bound to
 * {@code /q/metrics}. A route's statistics pass every count on to the endpoint's totals.
 *
 * <p>Besides counts it keeps the delivery state a user asks about first: when a request last
 * succeeded, the last error (code, message, time), and since when every request has failed.
 */
public final class LogstoreStatistics implements Metered {

    private final LogstoreStatistics parent;
    private final LongAdder attempts = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder requestsDelivered = new LongAdder();
    private final LongAdder logsDelivered = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder rawBytesSent = new LongAdder();
    private final LongAdder failingPeriods = new LongAdder();
    private final Map<String, LongAdder> failuresByCode = new ConcurrentHashMap<>();
    private volatile long lastSuccessMillis;
    private volatile long failingSinceMillis;
    private volatile LastError lastError;
    private volatile MeterScope scope;
    private volatile Timer latency;

    /** The last request that failed for good: its error code, message (never credentials) and time. */
    public record LastError(String code, int status, String message, long atMillis) {
    }

    public LogstoreStatistics() {
        this(null);
    }

    LogstoreStatistics(LogstoreStatistics parent) {
        this.parent = parent;
    }

    void attempt(int bodyBytes) {
        attempt(bodyBytes, 0);
    }

    void attempt(int bodyBytes, int rawBytes) {
        attempts.increment();
        bytesSent.add(bodyBytes);
        rawBytesSent.add(rawBytes);
        if (parent != null) {
            parent.attempt(bodyBytes, rawBytes);
        }
    }

    void retry() {
        retries.increment();
        if (parent != null) {
            parent.retry();
        }
    }

    void failure() {
        failures.increment();
        if (parent != null) {
            parent.failure();
        }
    }

    /** A request given up on with this error: counted by code, remembered as the last error. */
    void failure(String code, int status, String message) {
        failure();
        recordError(code, status, message);
    }

    private void recordError(String code, int status, String message) {
        long now = System.currentTimeMillis();
        lastError = new LastError(code, status, message == null ? "" : message, now);
        if (failingSinceMillis == 0) {
            failingSinceMillis = now;
        }
        LongAdder byCode = failuresByCode.get(code);
        if (byCode == null) {
            byCode = failuresByCode.computeIfAbsent(code, key -> new LongAdder());
            MeterScope current = scope;
            if (current != null) {
                bindFailures(current, code, byCode);
            }
        }
        byCode.increment();
        if (parent != null) {
            parent.recordError(code, status, message);
        }
    }

    void failingPeriod() {
        failingPeriods.increment();
    }

    void delivered(int logs) {
        requestsDelivered.increment();
        logsDelivered.add(logs);
        lastSuccessMillis = System.currentTimeMillis();
        failingSinceMillis = 0;
        if (parent != null) {
            parent.delivered(logs);
        }
    }

    /** How long one PutLogs took (each attempt, failed ones included). */
    void latency(long nanos) {
        Timer timer = latency;
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
        if (parent != null) {
            parent.latency(nanos);
        }
    }

    @Override
    public void bindMeters(MeterScope scope) {
        scope.counter("logcamel.logstore.requests", "PutLogs sent, first tries and retries", this,
                        LogstoreStatistics::attempts)
                .counter("logcamel.logstore.retries", "PutLogs sent again after a retryable failure", this,
                        LogstoreStatistics::retries)
                .counter("logcamel.logstore.delivered.requests", "PutLogs acknowledged", this,
                        LogstoreStatistics::requestsDelivered)
                .counter("logcamel.logstore.delivered.logs", "logs acknowledged by the Logstore", this,
                        LogstoreStatistics::logsDelivered)
                .counter("logcamel.logstore.sent.bytes", "request body bytes on the wire (compressed), retries included",
                        this, LogstoreStatistics::bytesSent)
                .counter("logcamel.logstore.sent.raw.bytes", "request bytes before compression, retries included", this,
                        LogstoreStatistics::rawBytesSent)
                .gauge("logcamel.logstore.last.success.seconds", "epoch seconds of the last acknowledged PutLogs (0: none)",
                        this, s -> s.lastSuccessMillis / 1000.0)
                .gauge("logcamel.logstore.failing.seconds", "seconds since which every request has failed (0: not failing)",
                        this, s -> s.failingSinceMillis == 0 ? 0 : (System.currentTimeMillis() - s.failingSinceMillis) / 1000.0);
        latency = scope.timer("logcamel.logstore.request.latency", "PutLogs round trip, each attempt");
        failuresByCode.forEach((code, count) -> bindFailures(scope, code, count));
        this.scope = scope;
    }

    private static void bindFailures(MeterScope scope, String code, LongAdder count) {
        scope.tag("code", code).counter("logcamel.logstore.failures", "PutLogs given up on, by error code", count,
                LongAdder::doubleValue);
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

    /** Request bytes before compression, retries included. */
    public long rawBytesSent() {
        return rawBytesSent.sum();
    }

    /** Epoch millis of the last acknowledged request, 0 before the first. */
    public long lastSuccessMillis() {
        return lastSuccessMillis;
    }

    /** Epoch millis of the first failed request since the last success; 0 while not failing. */
    public long failingSinceMillis() {
        return failingSinceMillis;
    }

    /** The last request given up on, or null. */
    public LastError lastError() {
        return lastError;
    }

    /** Failures by error code. */
    public Map<String, Long> failuresByCode() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        failuresByCode.forEach((code, count) -> copy.put(code, count.sum()));
        return copy;
    }

    @Override
    public String toString() {
        return "attempts=" + attempts() + ", retries=" + retries() + ", failures=" + failures()
                + ", requestsDelivered=" + requestsDelivered() + ", logsDelivered=" + logsDelivered()
                + ", bytesSent=" + bytesSent();
    }
}
