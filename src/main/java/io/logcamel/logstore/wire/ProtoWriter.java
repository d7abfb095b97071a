package io.logcamel.logstore.wire;

import java.util.Arrays;

/** A growable byte buffer with the few protobuf primitives a LogGroup needs. */
final class ProtoWriter {

    static final int VARINT = 0;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private byte[] buffer;
    private int position;

    ProtoWriter(int initialCapacity) {
        buffer = new byte[Math.max(64, initialCapacity)];
    }

    void reset() {
        position = 0;
    }

    int position() {
        return position;
    }

    /** The buffer, valid in {@code [0, position())} until the next write. */
    byte[] buffer() {
        return buffer;
    }

    void tag(int field, int wireType) {
        varint((field << 3) | wireType);
    }

    void varint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[position++] = (byte) value;
    }

    void fixed32(int value) {
        ensure(4);
        buffer[position++] = (byte) value;
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) (value >>> 16);
        buffer[position++] = (byte) (value >>> 24);
    }

    void bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, buffer, position, value.length);
        position += value.length;
    }

    /**
     * Appends {@code text} as one byte per char and says whether every char was ASCII: then those
     * bytes are its UTF-8, with no array of its own made for it. When false the caller
     * {@link #truncate}s them away and writes the text's UTF-8 instead.
     */
    boolean ascii(String text) {
        int length = text.length();
        ensure(length);
        byte[] to = buffer;
        int at = position;
        int bits = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            bits |= c;
            to[at + i] = (byte) c;
        }
        position = at + length;
        return bits < 0x80;
    }

    /** Forgets what was written from {@code position} on. */
    void truncate(int position) {
        this.position = position;
    }

    /** Appends what {@code other} holds. */
    void append(ProtoWriter other) {
        ensure(other.position);
        System.arraycopy(other.buffer, 0, buffer, position, other.position);
        position += other.position;
    }

    /** A length-delimited field holding {@code value}. */
    void lengthDelimited(int field, byte[] value) {
        lengthDelimited(field, value, 0, value.length);
    }

    /** A length-delimited field holding {@code value[from, from + length)}. */
    void lengthDelimited(int field, byte[] value, int from, int length) {
        tag(field, LENGTH_DELIMITED);
        varint(length);
        ensure(length);
        System.arraycopy(value, from, buffer, position, length);
        position += length;
    }

    /** 1 byte per started 7 bits, at least 1 (the branch-free form of counting the groups). */
    static int varintSize(long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }

    private void ensure(int extra) {
        if (position + extra > buffer.length) {
            long wanted = Math.max((long) buffer.length * 2, (long) position + extra);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("LogGroup larger than 2 GB");
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
    }
}
