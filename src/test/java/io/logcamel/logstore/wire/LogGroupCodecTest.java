package io.logcamel.logstore.wire;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogGroupCodecTest {

    @Test
    void decodesWhatItEncodes() {
        List<LogEvent> events = List.of(
                LogEvent.ofContent(1_700_000_000L, 123_456_789, "plain ascii line"),
                new LogEvent(1_700_000_001L, 0).add("msg", "中文日志 ✓ émoji 😀").add("empty", ""),
                new LogEvent(4_000_000_000L, 999_999_999).add("k", "v".repeat(100_000)));

        byte[] bytes = new LogGroupEncoder().encode(events, 0, events.size(), "topic-1", "10.0.0.7",
                List.of("__hostname__", "host-a", "__pack_id__", "ABCDEF-1"));
        LogBatch decoded = LogGroupDecoder.decode(bytes);

        assertEquals("topic-1", decoded.topic());
        assertEquals("10.0.0.7", decoded.source());
        assertEquals("host-a", decoded.tags().get("__hostname__"));
        assertEquals("ABCDEF-1", decoded.tags().get("__pack_id__"));
        assertEquals(3, decoded.size());
        for (int i = 0; i < events.size(); i++) {
            LogEvent expected = events.get(i);
            LogEvent actual = decoded.events().get(i);
            assertEquals(expected.timeSeconds(), actual.timeSeconds());
            assertEquals(expected.timeNanos(), actual.timeNanos());
            assertEquals(expected.toString(), actual.toString());
        }
    }

    @Test
    void contentHeldAsUtf8EncodesToTheSameBytesAsItsString() {
        String[] lines = {"plain ascii line", "中文日志 ✓ émoji 😀", ""};
        List<LogEvent> asStrings = new ArrayList<>();
        List<LogEvent> asBytes = new ArrayList<>();
        for (String line : lines) {
            asStrings.add(LogEvent.ofContent(1_700_000_000L, 5, line).add("__tag__:__split__", "2"));
            asBytes.add(LogEvent.ofUtf8Content(1_700_000_000L, 5, line.getBytes(StandardCharsets.UTF_8)).add("__tag__:__split__", "2"));
        }
        LogGroupEncoder encoder = new LogGroupEncoder();
        byte[] expected = encoder.encode(asStrings, 0, lines.length, "t", "s", List.of("k", "v"));

        assertArrayEquals(expected, encoder.encode(asBytes, 0, lines.length, "t", "s", List.of("k", "v")));
        assertTrue(asBytes.stream().allMatch(event -> event.utf8Value(0) != null), "encoding does not decode them");
    }

    @Test
    void stringValuesEncodeAsTheirUtf8WhateverCharTheyHoldAndWhereverItIs() {
        // ASCII values are copied char by char: one char past 0x7F anywhere must send the value the other way
        char[] edges = {'a', 0x7F, 0x80, 0xE9, 0xFF, 0x100, 0x4E2D, 0xD83D};
        Random random = new Random(11);
        LogGroupEncoder encoder = new LogGroupEncoder();
        for (int round = 0; round < 2000; round++) {
            StringBuilder value = new StringBuilder("x".repeat(random.nextInt(40)));
            value.insert(random.nextInt(value.length() + 1), edges[random.nextInt(edges.length)]);
            String text = value.toString();
            LogEvent event = new LogEvent(1, 0).add("ascii", "plain").add("value", text).add("after", "tail");
            byte[] bytes = encoder.encode(List.of(event), 0, 1, "", "", List.of());
            byte[] reference = new LogGroupEncoder().encode(List.of(new LogEvent(1, 0).add("ascii", "plain")
                    .add("value", "").add("after", "tail")), 0, 1, "", "", List.of());
            LogEvent decoded = LogGroupDecoder.decode(bytes).events().get(0);

            assertEquals(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), decoded.get("value"), text);
            assertEquals("plain", decoded.get("ascii"));
            assertEquals("tail", decoded.get("after"));
            assertEquals(reference.length + text.getBytes(StandardCharsets.UTF_8).length, bytes.length, text);
        }
    }

    @Test
    void encodesOnlyTheRequestedRangeAndReusesItsBuffer() {
        LogGroupEncoder encoder = new LogGroupEncoder();
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(LogEvent.ofContent(1000 + i, 0, "line " + i));
        }
        encoder.encode(events, 0, 10, "", "", List.of());
        LogBatch middle = LogGroupDecoder.decode(encoder.encode(events, 3, 6, "", "", List.of()));

        assertEquals(List.of("line 3", "line 4", "line 5"),
                middle.events().stream().map(e -> e.get("content")).toList());
    }

    @Test
    void sizeIsExactlyTheEncodedLengthAtEveryStep() {
        Random random = new Random(7);
        LogGroupEncoder encoder = new LogGroupEncoder();
        for (int round = 0; round < 50; round++) {
            encoder.begin("topic-" + round, round % 2 == 0 ? "" : "10.0.0." + round,
                    List.of("__pack_id__", "ABCDEF-" + round, "kéy", randomText(random, random.nextInt(50))));
            List<LogEvent> events = new ArrayList<>();
            for (int e = 0; e < 1 + random.nextInt(20); e++) {
                LogEvent event = new LogEvent(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000_000));
                int fields = 1 + random.nextInt(12);
                for (int f = 0; f < fields; f++) {
                    event.add("key" + f, randomText(random, random.nextInt(3000)));
                }
                long before = encoder.size();
                assertTrue(encoder.add(event, Integer.MAX_VALUE));
                events.add(event);
                assertTrue(encoder.size() > before);
            }
            long planned = encoder.size();
            byte[] bytes = encoder.finish();
            assertEquals(planned, bytes.length);
            assertEquals(events.size(), LogGroupDecoder.decode(bytes).size());
        }
    }

    @Test
    void anEventThatDoesNotFitLeavesTheGroupAsItWas() {
        LogGroupEncoder encoder = new LogGroupEncoder();
        encoder.begin("t", "s", List.of("__pack_id__", "ABCDEF-1"));
        assertTrue(encoder.add(LogEvent.ofContent(1, 0, "x".repeat(500)), 100)); // the first is always taken
        long size = encoder.size();
        assertTrue(encoder.add(LogEvent.ofContent(2, 0, "y"), (int) size + 40));
        long two = encoder.size();
        assertTrue(!encoder.add(LogEvent.ofContent(3, 0, "z".repeat(30)), (int) two + 40));
        assertEquals(two, encoder.size());
        assertEquals(2, encoder.logs());
        LogBatch decoded = LogGroupDecoder.decode(encoder.finish());
        assertEquals(List.of("x".repeat(500), "y"), decoded.events().stream().map(e -> e.get("content")).toList());
        assertEquals("ABCDEF-1", decoded.tags().get("__pack_id__"));
    }

    @Test
    void rejectsTruncatedAndGarbageBytesWithAClearError() {
        byte[] bytes = new LogGroupEncoder().encode(List.of(LogEvent.ofContent(1, 0, "hello world")),
                0, 1, "t", "s", List.of());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
        Exception error = assertThrows(LogGroupDecoder.MalformedLogGroupException.class,
                () -> LogGroupDecoder.decode(truncated));
        assertTrue(error.getMessage().startsWith("malformed LogGroup"), error.getMessage());

        Random random = new Random(1);
        for (int i = 0; i < 500; i++) {
            byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            try {
                LogGroupDecoder.decode(garbage);
            } catch (LogGroupDecoder.MalformedLogGroupException | IllegalArgumentException expected) {
                // garbage is either rejected cleanly or happens to parse: never anything else
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CompressType.class)
    void compressionRoundTripsAndChecksTheRawSize(CompressType type) {
        byte[] raw = "repetitive log line with some numbers 12345\n".repeat(2000).getBytes(StandardCharsets.UTF_8);
        byte[] compressed = type.compress(raw);
        assertArrayEquals(raw, type.decompress(compressed, raw.length));
        if (type != CompressType.NONE) {
            assertTrue(compressed.length < raw.length / 4, type + " did not compress");
            assertThrows(IllegalArgumentException.class, () -> type.decompress(compressed, raw.length + 10));
        }
    }

    @ParameterizedTest
    @EnumSource(CompressType.class)
    void compressesExactlyTheGivenRangeOfAReusedBuffer(CompressType type) {
        // The producer compresses straight from the encoder's buffer, which it reuses: a small
        // body after a large one must carry only its own bytes, and not share the buffer.
        byte[] large = "first, larger group of lines\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
        byte[] buffer = Arrays.copyOf(large, large.length + 100);
        byte[] first = type.compress(buffer, 0, large.length);
        byte[] small = "second group\n".repeat(10).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(small, 0, buffer, 0, small.length);
        byte[] second = type.compress(buffer, 0, small.length);
        Arrays.fill(buffer, (byte) 0);
        assertArrayEquals(large, type.decompress(first, large.length));
        assertArrayEquals(small, type.decompress(second, small.length));
        byte[] whole = type.compress(buffer, 0, buffer.length);
        Arrays.fill(buffer, (byte) 1);
        assertArrayEquals(new byte[large.length + 100], type.decompress(whole, buffer.length));
        byte[] middle = type.compress(large, 6, 10);
        assertArrayEquals(Arrays.copyOfRange(large, 6, 16), type.decompress(middle, 10));
    }

    @Test
    void parsesCompressTypeNamesAndNamesTheBadOne() {
        assertEquals(CompressType.LZ4, CompressType.parse("LZ4"));
        assertEquals(CompressType.NONE, CompressType.parse(""));
        Exception error = assertThrows(IllegalArgumentException.class, () -> CompressType.parse("gzip"));
        assertTrue(error.getMessage().contains("compressType 'gzip'"), error.getMessage());
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            text.appendCodePoint(kind < 7 ? 32 + random.nextInt(95) : kind < 9 ? 0x4E00 + random.nextInt(2000) : 0x1F600 + random.nextInt(50));
        }
        return text.toString();
    }
}
