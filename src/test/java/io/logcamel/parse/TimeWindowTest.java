package io.logcamel.parse;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.parse.time.TimeCounters;
import io.logcamel.parse.time.TimeEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Discard-old and far-future rules, at their nanosecond boundaries, against a fixed clock. */
class TimeWindowTest {

    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00.500000000Z");
    private final StepHarness camel = new StepHarness().clock(Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        camel.close();
    }

    /** One event per instant, with its time as epoch nanos in the 'time' field. */
    private static LogBatch timed(Instant... times) {
        LogBatch batch = new LogBatch();
        for (Instant time : times) {
            LogEvent event = LogEvent.ofContent(NOW.getEpochSecond(), NOW.getNano(), "line at " + time);
            event.put("time", Long.toString(time.getEpochSecond() * 1_000_000_000L + time.getNano()));
            batch.add(event);
        }
        return batch;
    }

    private TimeCounters counters(String uri) {
        return camel.endpoint(uri, TimeEndpoint.class).getCounters();
    }

    @Test
    void theDefaultDiscardsLogsMoreThanFiveMinutesOld() {
        String uri = "time:parse?formatType=epochNanos";
        Instant limit = NOW.minus(Duration.ofMinutes(5));
        LogBatch batch = camel.send(uri, timed(limit, limit.minusNanos(1), limit.plusNanos(1), NOW.minus(Duration.ofHours(13))));
        assertEquals(2, batch.size(), batch.events().toString());
        assertEquals(limit.getNano(), batch.events().get(0).timeNanos(), "exactly maxAge old is still inside");
        assertEquals(limit.plusNanos(1).getNano(), batch.events().get(1).timeNanos());
        assertEquals(2, counters(uri).getDiscardedOld());
    }

    @Test
    void maxAgeIsASetting() {
        String uri = "time:parse?formatType=epochNanos&maxAge=12h";
        Instant limit = NOW.minus(Duration.ofHours(12));
        LogBatch batch = camel.send(uri, timed(limit, limit.minusMillis(1), NOW.minus(Duration.ofHours(1))));
        assertEquals(2, batch.size());
        assertEquals(1, counters(uri).getDiscardedOld());
    }

    @Test
    void zeroOrNegativeMaxAgeKeepsHistoricalData() {
        Instant old = Instant.parse("2019-01-01T00:00:00Z");
        assertEquals(1, camel.send("time:parse?formatType=epochNanos&maxAge=0", timed(old)).size());
        assertEquals(1, camel.send("time:parse?formatType=epochNanos&maxAge=-1", timed(old)).size());
    }

    @Test
    void farFutureTimesAreClampedToNowByDefault() {
        String uri = "time:parse?formatType=epochNanos";
        Instant limit = NOW.plus(Duration.ofHours(24));
        LogBatch batch = camel.send(uri, timed(limit, limit.plusNanos(1), NOW.plus(Duration.ofDays(400))));
        assertEquals(3, batch.size());
        assertEquals(limit.getEpochSecond(), batch.events().get(0).timeSeconds(), "exactly maxFuture ahead is inside");
        assertEquals(NOW.getEpochSecond(), batch.events().get(1).timeSeconds());
        assertEquals(NOW.getNano(), batch.events().get(1).timeNanos());
        assertEquals(NOW.getEpochSecond(), batch.events().get(2).timeSeconds());
        assertEquals(2, counters(uri).getFutureClamped());
    }

    @Test
    void farFutureTimesCanBeDroppedOrKept() {
        Instant future = NOW.plus(Duration.ofMinutes(11));
        String drop = "time:parse?formatType=epochNanos&maxFuture=10m&futurePolicy=drop";
        assertEquals(0, camel.send(drop, timed(future)).size());
        assertEquals(1, counters(drop).getFutureDropped());
        String keep = "time:parse?formatType=epochNanos&maxFuture=10m&futurePolicy=keep";
        assertEquals(future.getEpochSecond(), camel.send(keep, timed(future)).events().get(0).timeSeconds());
    }

    @Test
    void theWindowAloneAppliesToTimesSetByTheInput() {
        LogBatch batch = new LogBatch()
                .add(LogEvent.ofContent(NOW.getEpochSecond() - 301, 0, "old"))
                .add(LogEvent.ofContent(NOW.getEpochSecond() - 10, 0, "fresh"));
        String uri = "time:window";
        camel.send(uri, batch);
        assertEquals(1, batch.size());
        assertEquals("fresh", batch.events().get(0).get("content"));
        assertEquals(1, counters(uri).getDiscardedOld());
    }

    @Test
    void anUnparsableTimeGetsTheReadTimeAndSoPassesTheWindow() {
        LogBatch batch = new LogBatch().add(LogEvent.ofContent(NOW.getEpochSecond() - 2, 0, "read just now").put("time", "garbage"));
        String uri = "time:parse?formatType=epochSeconds";
        assertEquals(1, camel.send(uri, batch).size());
        assertEquals(1, counters(uri).getParseFailures());
    }

    @Test
    void durationsAreWrittenAsCamelWritesThem() {
        Instant twoHoursAgo = NOW.minus(Duration.ofHours(2));
        for (String written : new String[]{"1h30m", "PT90M", "5400000", "90m"}) {
            assertEquals(0, camel.send("time:parse?formatType=epochNanos&maxAge=" + written, timed(twoHoursAgo)).size(), written);
        }
        assertEquals(1, camel.send("time:parse?formatType=epochNanos&maxAge=2h500ms", timed(twoHoursAgo)).size());
    }

    @Test
    void theAgentWideDefaultComesFromTheComponent() {
        camel.time.setMaxAge("12h");
        Instant sixHoursAgo = NOW.minus(Duration.ofHours(6));
        assertEquals(1, camel.send("time:parse?formatType=epochNanos", timed(sixHoursAgo)).size());
        assertEquals(0, camel.send("time:parse?formatType=epochNanos&maxAge=1h", timed(sixHoursAgo)).size(),
                "the endpoint's own option wins");
    }
}
