package io.logcamel.tail;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerLineParserTest {

    private final ContainerLineParser cri = new ContainerLineParser(ContainerLogFormat.CRI);
    private final ContainerLineParser docker = new ContainerLineParser(ContainerLogFormat.DOCKER);
    private final ContainerLineParser auto = new ContainerLineParser(ContainerLogFormat.AUTO);

    @Test
    void criFullLineWithNanoseconds() {
        assertTrue(cri.parse("2026-12-02T05:34:43.123456789Z stdout F hello world"));
        Instant expected = Instant.parse("2026-12-02T05:34:43.123456789Z");
        assertEquals(expected.getEpochSecond(), cri.seconds);
        assertEquals(123_456_789, cri.nanos);
        assertEquals("stdout", cri.stream);
        assertFalse(cri.partial);
        assertEquals("hello world", cri.content);
    }

    @Test
    void criPartialLineAndTagWithMoreElements() {
        assertTrue(cri.parse("2026-12-02T05:34:43.1Z stderr P:more:elements part one "));
        assertTrue(cri.partial);
        assertEquals("stderr", cri.stream);
        assertEquals(100_000_000, cri.nanos);
        assertEquals("part one ", cri.content);
    }

    @Test
    void criEmptyContentAndOffsets() {
        assertTrue(cri.parse("2026-12-02T05:34:43+08:00 stdout F"));
        assertEquals("", cri.content);
        assertEquals(OffsetDateTime.parse("2026-12-02T05:34:43+08:00").toEpochSecond(), cri.seconds);
        assertEquals(0, cri.nanos);
        assertTrue(cri.parse("1969-12-31T23:59:59.999999999-01:30 stdout F x"));
        assertEquals(OffsetDateTime.parse("1969-12-31T23:59:59.999999999-01:30").toEpochSecond(), cri.seconds);
        assertTrue(cri.parse("2024-02-29T00:00:00.000000000012Z stdout F more than nine digits"));
        assertEquals(Instant.parse("2024-02-29T00:00:00Z").getEpochSecond(), cri.seconds);
        assertEquals(0, cri.nanos);
    }

    @Test
    void criInvalidPrefixes() {
        for (String line : new String[]{
                "", "plain text line", "2026-12-02T05:34:43Z stdout", "2026-12-02T05:34:43Z stdin F x",
                "2026-12-02T05:34:43Z stdout X x", "2026-12-02T05:34:43Z stdout FF x", "2026-13-02T05:34:43Z stdout F x",
                "2026-02-30T05:34:43Z stdout F x", "2026-12-02 05:34:43Z stdout F x", "2026-12-02T05:34:43 stdout F x",
                "2026-12-02T05:34:43.Z stdout F x", "2026-12-02T25:34:43Z stdout F x", "2026-12-02T05:34:43+0800 stdout F x",
                "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2026-12-02T05:34:43Z\"}"}) {
            assertFalse(cri.parse(line), line);
        }
    }

    @Test
    void dockerFullAndPartialLines() {
        assertTrue(docker.parse("{\"log\":\"hello \\\"quoted\\\" \\u00e9\\n\",\"stream\":\"stderr\",\"time\":\"2026-12-02T05:34:43.000000001Z\"}"));
        assertEquals("hello \"quoted\" \u00e9", docker.content);
        assertEquals("stderr", docker.stream);
        assertFalse(docker.partial);
        assertEquals(1, docker.nanos);
        assertTrue(docker.parse("{\"log\":\"no newline\",\"stream\":\"stdout\",\"attrs\":{\"tag\":\"x\"},\"time\":\"2026-12-02T05:34:43Z\"}"));
        assertTrue(docker.partial);
        assertEquals("no newline", docker.content);
        assertTrue(docker.parse("{\"log\":\"crlf\\r\\n\",\"stream\":\"stdout\",\"time\":\"2026-12-02T05:34:43Z\"}"));
        assertEquals("crlf", docker.content);
    }

    @Test
    void dockerInvalidLines() {
        for (String line : new String[]{
                "", "not json", "{\"log\":\"x\\n\",\"stream\":\"stdout\"}", "{\"log\":\"x\\n\",\"time\":\"2026-12-02T05:34:43Z\"}",
                "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"yesterday\"}", "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2026-12-02T05:34:43Z\"",
                "{\"log\":1,\"stream\":\"stdout\",\"time\":\"2026-12-02T05:34:43Z\"}", "[1,2]",
                "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2026-12-02T05:34:43Z\"} trailing"}) {
            assertFalse(docker.parse(line), line);
        }
    }

    @Test
    void autoDecidesPerLine() {
        assertTrue(auto.parse("{\"log\":\"a\\n\",\"stream\":\"stdout\",\"time\":\"2026-12-02T05:34:43Z\"}"));
        assertEquals("a", auto.content);
        assertTrue(auto.parse("2026-12-02T05:34:43Z stderr F b"));
        assertEquals("b", auto.content);
        assertFalse(auto.parse("{not json"));
    }
}
