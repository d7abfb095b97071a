package io.logcamel.tail;

import io.logcamel.event.Utf8;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of one line to a String, in the file's encoding. Malformed bytes become U+FFFD and are
 * counted; they never stop the reader. The JDK's String constructor already replaces malformed
 * input and is the fastest decoder there is, so counting only costs a scan for U+FFFD.
 */
public final class LineDecoder {

    private final Charset charset;
    private final boolean utf8;
    private final AtomicLong replacements;

    public LineDecoder(Charset charset, AtomicLong replacements) {
        this.charset = charset;
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
        this.replacements = replacements;
    }

    public String decode(byte[] bytes, int from, int to) {
        String text = new String(bytes, from, to - from, charset);
        if (text.indexOf('\uFFFD') >= 0) {
            long produced = countReplacementChars(text);
            long genuine = utf8 ? countEncodedReplacementChars(bytes, from, to) : 0;
            if (produced > genuine) {
                replacements.addAndGet(produced - genuine);
            }
        }
        return text;
    }

    /**
     * The bytes {@code [from, to)} in an array of their own when they can be shipped as they are:
     * the file's encoding is UTF-8 and they are well-formed. Null otherwise ({@link #decode} them).
     */
    public byte[] copyIfWellFormedUtf8(byte[] bytes, int from, int to) {
        return utf8 && Utf8.isWellFormed(bytes, from, to) ? Arrays.copyOfRange(bytes, from, to) : null;
    }

    /** Where a UTF-8 line may be cut without splitting a character: never inside a multi-byte sequence. */
    public int safeCut(byte[] bytes, int from, int cut) {
        if (!utf8) {
            return cut;
        }
        int candidate = cut;
        // back up over continuation bytes (10xxxxxx), at most 3, to the start of the character
        while (candidate > from && cut - candidate < 3 && (bytes[candidate] & 0xC0) == 0x80) {
            candidate--;
        }
        return (bytes[candidate] & 0xC0) == 0x80 || candidate == from ? cut : candidate;
    }

    private static long countReplacementChars(String text) {
        long count = 0;
        for (int i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) {
            count++;
        }
        return count;
    }

    /** U+FFFD written on purpose (EF BF BD) is not an encoding error. */
    private static long countEncodedReplacementChars(byte[] bytes, int from, int to) {
        long count = 0;
        for (int i = from; i + 2 < to; i++) {
            if (bytes[i] == (byte) 0xEF && bytes[i + 1] == (byte) 0xBF && bytes[i + 2] == (byte) 0xBD) {
                count++;
                i += 2;
            }
        }
        return count;
    }
}
