package io.logcamel.parse;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.parse.time.TimeEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static io.logcamel.parse.RegexParseTest.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Time formats, zones and sub-second precision; the age window is off (maxAge=0) here. */
class TimeParseTest {

    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
    private final StepHarness camel = new StepHarness().clock(Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        camel.close();
    }

    /** Runs time:parse on one event whose 'time' field is {@code text}; returns the event. */
    private LogEvent parse(String text, String... options) {
        String[] all = new String[options.length + 4];
        System.arraycopy(options, 0, all, 0, options.length);
        all[options.length] = "maxAge";
        all[options.length + 1] = "0";
        all[options.length + 2] = "maxFuture";
        all[options.length + 3] = "0";
        LogBatch batch = StepHarness.lines("a line");
        batch.events().get(0).put("time", text);
        return camel.send(uri("time:parse", all), batch).events().get(0);
    }

    private static void assertTime(Instant expected, LogEvent event) {
        assertEquals(expected.getEpochSecond(), event.timeSeconds(), event.toString());
        assertEquals(expected.getNano(), event.timeNanos(), event.toString());
    }

    @Test
    void nginxTimeLocalWithItsOwnOffset() {
        LogEvent event = parse("24/Nov/2026:08:15:02 +0800", "format", "%d/%b/%Y:%H:%M:%S %z");
        assertTime(Instant.parse("2026-11-24T00:15:02Z"), event);
        assertEquals("24/Nov/2026:08:15:02 +0800", event.get("time"), "the field is kept by default");
    }

    @Test
    void isoWithMillisMicrosNanosAndColonOffsets() {
        String format = "%Y-%m-%dT%H:%M:%S.%f%z";
        assertTime(Instant.parse("2026-11-24T08:15:02.123Z"), parse("2026-11-24T08:15:02.123Z", "format", format));
        assertTime(Instant.parse("2026-11-24T03:15:02.123456Z"), parse("2026-11-24T08:15:02.123456+05:00", "format", format));
        assertTime(Instant.parse("2026-11-24T11:45:02.123456789Z"), parse("2026-11-24T08:15:02.123456789-0330", "format", format));
    }

    @Test
    void fixedWidthFractionsAndAZoneSetting() {
        // a Java application log (logback's default): local time, comma, milliseconds
        LogEvent shanghai = parse("2026-11-24 08:15:02,042", "format", "%Y-%m-%d %H:%M:%S,%3f", "timeZone", "Asia/Shanghai");
        assertTime(Instant.parse("2026-11-24T00:15:02.042Z"), shanghai);
        LogEvent micros = parse("20261124 081502.000007", "format", "%Y%m%d %H%M%S.%6f", "timeZone", "+02:00");
        assertTime(Instant.parse("2026-11-24T06:15:02.000007Z"), micros);
        LogEvent tooShort = parse("2026-11-24 08:15:02,04", "format", "%Y-%m-%d %H:%M:%S,%3f", "timeZone", "UTC");
        assertEquals(StepHarness.READ_SECONDS, tooShort.timeSeconds(), "%3f wants exactly three digits");
    }

    @Test
    void daylightSavingZones() {
        String format = "%Y-%m-%d %H:%M:%S";
        ZoneId newYork = ZoneId.of("America/New_York");
        LogEvent summer = parse("2026-07-01 12:00:00", "format", format, "timeZone", "America/New_York");
        assertEquals(LocalDateTime.of(2026, 7, 1, 12, 0).atZone(newYork).toEpochSecond(), summer.timeSeconds());
        LogEvent winter = parse("2026-01-15 12:00:00", "format", format, "timeZone", "America/New_York");
        assertEquals(LocalDateTime.of(2026, 1, 15, 12, 0).atZone(newYork).toEpochSecond(), winter.timeSeconds());
        LogEvent overlap = parse("2026-11-01 01:30:00", "format", format, "timeZone", "America/New_York");
        assertEquals(LocalDateTime.of(2026, 11, 1, 1, 30).atZone(newYork).toEpochSecond(), overlap.timeSeconds(),
                "in the repeated hour the earlier offset is used, as java.time does");
    }

    @Test
    void syslogWithoutAYear() {
        LogEvent event = parse("Nov  3 07:01:09", "format", "%b %e %H:%M:%S", "timeZone", "UTC");
        assertTime(Instant.parse("2026-11-03T07:01:09Z"), event);
        LogEvent december = parse("Dec 31 23:59:59", "format", "%b %d %H:%M:%S", "timeZone", "UTC");
        assertTime(Instant.parse("2025-12-31T23:59:59Z"), december);
    }

    @Test
    void twelveHourClockFullNamesAndDayNames() {
        LogEvent event = parse("Tuesday, November 24 2026 08:15:02 PM", "format", "%A, %B %d %Y %I:%M:%S %p", "timeZone", "UTC");
        assertTime(Instant.parse("2026-11-24T20:15:02Z"), event);
        LogEvent midnight = parse("11/24/26 12:00:00 am", "format", "%D %I:%M:%S %p", "timeZone", "UTC");
        assertTime(Instant.parse("2026-11-24T00:00:00Z"), midnight);
    }

    @Test
    void epochSecondsInStrftimeAndAsFormatTypes() {
        assertTime(Instant.parse("2026-11-24T08:15:02.5Z"), parse("1795508102.5", "format", "%s.%f"));
        assertTime(Instant.parse("2026-11-24T08:15:02.123456789Z"), parse("1795508102.123456789", "formatType", "epochSeconds"));
        assertTime(Instant.parse("2026-11-24T08:15:02.123Z"), parse("1795508102123", "formatType", "epochMillis"));
        assertTime(Instant.parse("2026-11-24T08:15:02.123456Z"), parse("1795508102123.456", "formatType", "epochMillis"));
        assertTime(Instant.parse("2026-11-24T08:15:02.123456Z"), parse("1795508102123456", "formatType", "epochMicros"));
        assertTime(Instant.parse("2026-11-24T08:15:02.123456789Z"), parse("1795508102123456789", "formatType", "epochNanos"));
    }

    @Test
    void javaDateTimeFormatterPatternsAndConstants() {
        assertTime(Instant.parse("2026-11-24T00:15:02.123456Z"),
                parse("2026-11-24 08:15:02.123456", "formatType", "java", "format", "yyyy-MM-dd HH:mm:ss.SSSSSS", "timeZone", "Asia/Shanghai"));
        assertTime(Instant.parse("2026-11-24T07:15:02.5Z"),
                parse("2026-11-24T08:15:02.5+01:00", "formatType", "java", "format", "ISO_OFFSET_DATE_TIME", "timeZone", "UTC"));
        assertTime(Instant.parse("2026-11-24T08:15:02Z"),
                parse("Tue, 24 Nov 2026 08:15:02 GMT", "formatType", "java", "format", "RFC_1123_DATE_TIME"));
        assertTime(Instant.parse("2026-11-24T00:15:02Z"),
                parse("24/Nov/2026:08:15:02 +0800", "formatType", "java", "format", "dd/MMM/yyyy:HH:mm:ss Z", "timeZone", "UTC"));
    }

    @Test
    void anUnparsableTimeKeepsTheReadTimeAndIsCounted() {
        String uri = uri("time:parse", "format", "%Y-%m-%d %H:%M:%S", "timeZone", "UTC", "maxAge", "0");
        LogBatch batch = StepHarness.lines("no time field", "bad", "bad date", "trailing");
        batch.events().get(1).put("time", "yesterday");
        batch.events().get(2).put("time", "2026-02-30 10:00:00");
        batch.events().get(3).put("time", "2026-11-24 08:15:02 extra");
        TimeEndpoint endpoint = camel.endpoint(uri, TimeEndpoint.class);
        camel.send(endpoint, batch);
        for (LogEvent event : batch.events()) {
            assertEquals(StepHarness.READ_SECONDS, event.timeSeconds(), event.toString());
        }
        assertEquals(4, endpoint.getCounters().getParseFailures());
        assertEquals(0, endpoint.getCounters().getParsed());
    }

    @Test
    void keepSourceFalseRemovesTheTimeField() {
        LogEvent event = parse("2026-11-24 08:15:02", "format", "%F %T", "timeZone", "UTC", "keepSource", "false");
        assertNull(event.get("time"));
        assertTime(Instant.parse("2026-11-24T08:15:02Z"), event);
    }

    @Test
    void repeatedTimeTextsShareOneParse() {
        String uri = uri("time:parse", "format", "%d/%b/%Y:%H:%M:%S %z", "maxAge", "0");
        LogBatch batch = StepHarness.lines("a", "b", "c");
        batch.events().get(0).put("time", "24/Nov/2026:08:15:02 +0000");
        batch.events().get(1).put("time", "24/Nov/2026:08:15:02 +0000");
        batch.events().get(2).put("time", "24/Nov/2026:08:15:03 +0000");
        TimeEndpoint endpoint = camel.endpoint(uri, TimeEndpoint.class);
        camel.send(endpoint, batch);
        assertEquals(batch.events().get(0).timeSeconds(), batch.events().get(1).timeSeconds());
        assertEquals(batch.events().get(0).timeSeconds() + 1, batch.events().get(2).timeSeconds());
        assertEquals(3, endpoint.getCounters().getParsed());
    }
}
