package io.logcamel.parse.time;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.parse.BatchStep;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Sets each event's time from one of its fields (when a parser is given), then applies the
 * age window: events older than {@code maxAge} are discarded, events further than
 * {@code maxFuture} ahead follow the {@link FuturePolicy}. "Now" is read once per batch.
 *
 * <p>Consecutive lines often carry the same time text (nginx logs at one-second resolution),
 * so the last text and its result are remembered across the batch.
 */
public final class TimeStep implements BatchStep {

    private static final long NANOS = 1_000_000_000L;
    /** Beyond this many seconds apart, two times compare in seconds alone (avoids overflow). */
    private static final long FAR_SECONDS = 9_000_000_000L;

    private final TimeParser parser;
    private final String sourceKey;
    private final boolean keepSource;
    private final long maxAgeNanos;
    private final long maxFutureNanos;
    private final FuturePolicy futurePolicy;
    private final Clock clock;
    private final TimeCounters counters;

    /**
     * @param parser null for a window-only step
     * @param maxAgeNanos 0 or less keeps old events
     * @param maxFutureNanos 0 or less accepts any future time
     */
    public TimeStep(TimeParser parser, String sourceKey, boolean keepSource, long maxAgeNanos,
                    long maxFutureNanos, FuturePolicy futurePolicy, Clock clock, TimeCounters counters) {
        this.parser = parser;
        this.sourceKey = sourceKey;
        this.keepSource = keepSource;
        this.maxAgeNanos = maxAgeNanos;
        this.maxFutureNanos = maxFutureNanos;
        this.futurePolicy = futurePolicy;
        this.clock = clock;
        this.counters = counters;
    }

    @Override
    public void apply(LogBatch batch) {
        Instant now = clock.instant();
        long nowSeconds = now.getEpochSecond();
        int nowNanos = now.getNano();
        List<LogEvent> events = batch.events();
        ParsedTime time = new ParsedTime();
        String lastText = null;
        boolean lastOk = false;
        long parsed = 0, failures = 0, old = 0, clamped = 0, droppedFuture = 0;
        int write = 0;
        int total = events.size();
        for (int read = 0; read < total; read++) {
            LogEvent event = events.get(read);
            if (parser != null) {
                String text = event.get(sourceKey);
                boolean ok;
                if (text == null) {
                    ok = false;
                } else if (text.equals(lastText)) {
                    ok = lastOk;
                } else {
                    ok = parser.parse(text, nowSeconds, time);
                    lastText = text;
                    lastOk = ok;
                }
                if (ok) {
                    event.setTime(time.seconds, time.nanos);
                    if (!keepSource) {
                        event.remove(sourceKey);
                    }
                    parsed++;
                } else {
                    failures++; // the event keeps the time it was read at
                }
            }
            long age = ageNanos(nowSeconds, nowNanos, event.timeSeconds(), event.timeNanos());
            if (maxAgeNanos > 0 && age > maxAgeNanos) {
                old++;
                continue;
            }
            if (maxFutureNanos > 0 && -age > maxFutureNanos) {
                if (futurePolicy == FuturePolicy.drop) {
                    droppedFuture++;
                    continue;
                }
                if (futurePolicy == FuturePolicy.clamp) {
                    event.setTime(nowSeconds, nowNanos);
                    clamped++;
                }
            }
            events.set(write++, event);
        }
        if (write < total) {
            events.subList(write, total).clear();
        }
        counters.add(parsed, failures, old, clamped, droppedFuture);
    }

    /** now minus the event time in nanoseconds, saturated for absurd times (year 9999, 0). */
    private static long ageNanos(long nowSeconds, int nowNanos, long seconds, int nanos) {
        long secondsApart = nowSeconds - seconds;
        if (secondsApart > FAR_SECONDS) {
            return Long.MAX_VALUE;
        }
        if (secondsApart < -FAR_SECONDS) {
            return -Long.MAX_VALUE;
        }
        return secondsApart * NANOS + (nowNanos - nanos);
    }
}
