package io.logcamel.event;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8Test {

    /** Well-formed means exactly: the JDK decodes the bytes without a replacement and encodes them back to themselves. */
    @Test
    void agreesWithTheJdksDecoderOnRandomBytes() {
        SplittableRandom random = new SplittableRandom(13);
        int wellFormed = 0;
        for (int round = 0; round < 200_000; round++) {
            byte[] bytes = new byte[random.nextInt(1, 24)];
            for (int i = 0; i < bytes.length; i++) {
                // mostly the bytes that matter: ASCII, leads and continuations near the edges of the table
                bytes[i] = (byte) switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(0x80);
                    case 1 -> 0x80 + random.nextInt(0x40);
                    case 2 -> 0xC0 + random.nextInt(0x40);
                    default -> random.nextInt(256);
                };
            }
            boolean roundTrips = Arrays.equals(bytes, new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
            assertEquals(roundTrips, Utf8.isWellFormed(bytes, 0, bytes.length), () -> "bytes " + hex(bytes));
            wellFormed += roundTrips ? 1 : 0;
        }
        assertTrue(wellFormed > 3_000, "the generator makes well-formed input too: " + wellFormed);
    }

    @Test
    void judgesTheEdgesOfTheTable() {
        assertTrue(wellFormed("plain ascii line, longer than eight bytes"));
        assertTrue(wellFormed("中文日志 ünïcödé 😀 \uFFFD"));
        assertFalse(wellFormed(0xC0, 0xAF));             // overlong '/'
        assertFalse(wellFormed(0xE0, 0x9F, 0xBF));       // overlong below U+0800
        assertFalse(wellFormed(0xED, 0xA0, 0x80));       // a surrogate
        assertFalse(wellFormed(0xF4, 0x90, 0x80, 0x80)); // above U+10FFFF
        assertFalse(wellFormed(0xE4, 0xB8));             // cut short
        assertFalse(wellFormed(0x80));                   // a continuation alone
        assertTrue(wellFormed(0xF0, 0x90, 0x80, 0x80));  // U+10000
        // a range inside a larger array
        byte[] padded = "xx\u00e9yy".getBytes(StandardCharsets.UTF_8);
        assertFalse(Utf8.isWellFormed(padded, 0, 3));    // ends inside é
        assertTrue(Utf8.isWellFormed(padded, 0, 4));
    }

    private static boolean wellFormed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Utf8.isWellFormed(bytes, 0, bytes.length);
    }

    private static boolean wellFormed(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return Utf8.isWellFormed(bytes, 0, bytes.length);
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x ", b & 0xFF));
        }
        return text.toString();
    }
}
