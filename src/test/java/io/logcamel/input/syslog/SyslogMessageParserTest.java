package io.logcamel.input.syslog;

import io.logcamel.event.LogEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Edge cases of the two syslog formats that {@code logger} does not produce. */
class SyslogMessageParserTest {

    private static final Instant NOW = Instant.parse("2027-01-01T00:00:30Z");
    private final SyslogMessageParser parser = new SyslogMessageParser(ZoneOffset.UTC);

    @Test
    void aDecemberMessageReceivedInJanuaryBelongsToLastYear() {
        LogEvent event = parser.parse("<13>Dec 31 23:59:58 host app: late", NOW);
        assertEquals(Instant.parse("2026-12-31T23:59:58Z").getEpochSecond(), event.timeSeconds());
        assertEquals("Dec 31 23:59:58", event.get("timestamp"));
    }

    @Test
    void rfc3164TimestampsAreReadInTheConfiguredZone() {
        LogEvent event = new SyslogMessageParser(ZoneId.of("Asia/Shanghai")).parse("<13>Jan  1 08:00:00 host app: x", NOW);
        assertEquals(Instant.parse("2027-01-01T00:00:00Z").getEpochSecond(), event.timeSeconds());
    }

    @Test
    void rfc3164WithoutTimestampKeepsEverythingAsMessage() {
        LogEvent event = parser.parse("<34>just some text: no header", NOW);
        assertEquals("rfc3164", event.get("protocol"));
        assertEquals("auth", event.get("facility"));
        assertEquals("crit", event.get("severity"));
        assertEquals("just some text: no header", event.get("message"));
        assertNull(event.get("hostname"));
        assertEquals(NOW.getEpochSecond(), event.timeSeconds(), "the receive time");
    }

    @Test
    void rfc3339TimestampInTheRfc3164Layout() {
        LogEvent event = parser.parse("<14>2026-12-31T10:00:00.5+02:00 web nginx[12]: GET /", NOW);
        assertEquals(Instant.parse("2026-12-31T08:00:00.5Z").getEpochSecond(), event.timeSeconds());
        assertEquals(500_000_000, event.timeNanos());
        assertEquals("web", event.get("hostname"));
        assertEquals("nginx", event.get("app_name"));
        assertEquals("12", event.get("proc_id"));
        assertEquals("GET /", event.get("message"));
    }

    @Test
    void rfc5424AllNilAndEmptyMessage() {
        LogEvent event = parser.parse("<165>1 - - - - - -", NOW);
        assertEquals("rfc5424", event.get("protocol"));
        assertEquals("local4", event.get("facility"));
        assertEquals("notice", event.get("severity"));
        assertNull(event.get("hostname"));
        assertNull(event.get("timestamp"));
        assertEquals("", event.get("message"));
        assertNull(event.get(SyslogMessageParser.PARSE_ERROR));
    }

    @Test
    void rfc5424NanosecondsBomAndEscapedStructuredData() {
        LogEvent event = parser.parse("<13>1 2026-12-31T23:00:00.123456789Z h a 1 M [id@1 q=\"a \\\"b\\\" \\] c\" r=\"\"][x y=\"1\"] \uFEFFtext", NOW);
        assertEquals(123_456_789, event.timeNanos());
        assertEquals("a \"b\" ] c", event.get("sd.id@1.q"));
        assertEquals("", event.get("sd.id@1.r"));
        assertEquals("1", event.get("sd.x.y"));
        assertEquals("text", event.get("message"));
    }

    @Test
    void malformedMessagesAreKeptWhole() {
        LogEvent noPri = parser.parse("hello", NOW);
        assertEquals("hello", noPri.get("content"));
        assertEquals("no <PRI> at the start", noPri.get(SyslogMessageParser.PARSE_ERROR));
        assertEquals("PRI out of range: 192", parser.parse("<192>x", NOW).get(SyslogMessageParser.PARSE_ERROR));
        assertEquals("RFC 5424 header incomplete", parser.parse("<13>1 - host", NOW).get(SyslogMessageParser.PARSE_ERROR));
        LogEvent empty = parser.parse("<1>", NOW);
        assertEquals("", empty.get("message"), "a bare PRI is an empty message, not an error");
        assertEquals("alert", empty.get("severity"));
    }
}
