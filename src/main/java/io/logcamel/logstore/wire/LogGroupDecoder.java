package io.logcamel.logstore.wire;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;

import java.nio.charset.StandardCharsets;

/**
 * Decodes a protobuf {@code LogGroup} (see {@link LogGroupEncoder}) into a {@link LogBatch}:
 * Topic, Source and LogTags become the batch's, each Log an event. Unknown fields are skipped
 * (Category, MachineUUID and anything newer clients send).
 */
public final class LogGroupDecoder {

    private LogGroupDecoder() {
    }

    public static LogBatch decode(byte[] data) {
        Reader in = new Reader(data, 0, data.length);
        LogBatch batch = new LogBatch();
        while (in.hasMore()) {
            int tag = (int) in.varint();
            switch (tag) {
                case (1 << 3) | ProtoWriter.LENGTH_DELIMITED -> batch.add(decodeLog(in.message()));
                case (3 << 3) | ProtoWriter.LENGTH_DELIMITED -> batch.topic(in.string());
                case (4 << 3) | ProtoWriter.LENGTH_DELIMITED -> batch.source(in.string());
                case (6 << 3) | ProtoWriter.LENGTH_DELIMITED -> {
                    String[] pair = decodePair(in.message());
                    batch.tag(pair[0], pair[1]);
                }
                default -> in.skip(tag);
            }
        }
        return batch;
    }

    private static LogEvent decodeLog(Reader in) {
        LogEvent event = new LogEvent(0, 0);
        boolean hasTime = false;
        while (in.hasMore()) {
            int tag = (int) in.varint();
            switch (tag) {
                case (1 << 3) | ProtoWriter.VARINT -> {
                    event.setTime(in.varint() & 0xFFFFFFFFL, event.timeNanos());
                    hasTime = true;
                }
                case (2 << 3) | ProtoWriter.LENGTH_DELIMITED -> {
                    String[] pair = decodePair(in.message());
                    event.add(pair[0], pair[1]);
                }
                case (4 << 3) | ProtoWriter.FIXED32 -> {
                    int nanos = in.fixed32();
                    if (nanos >= 0 && nanos <= 999_999_999) {
                        event.setTime(event.timeSeconds(), nanos);
                    }
                }
                default -> in.skip(tag);
            }
        }
        if (!hasTime) {
            throw new MalformedLogGroupException("a Log without its required Time field");
        }
        return event;
    }

    private static String[] decodePair(Reader in) {
        String key = null;
        String value = null;
        while (in.hasMore()) {
            int tag = (int) in.varint();
            switch (tag) {
                case (1 << 3) | ProtoWriter.LENGTH_DELIMITED -> key = in.string();
                case (2 << 3) | ProtoWriter.LENGTH_DELIMITED -> value = in.string();
                default -> in.skip(tag);
            }
        }
        if (key == null || value == null) {
            throw new MalformedLogGroupException("a Content or LogTag without its required Key or Value");
        }
        return new String[] {key, value};
    }

    /** Thrown for bytes that are not a valid LogGroup. */
    public static final class MalformedLogGroupException extends RuntimeException {
        MalformedLogGroupException(String message) {
            super("malformed LogGroup: " + message);
        }
    }

    private static final class Reader {
        private final byte[] data;
        private int position;
        private final int end;

        Reader(byte[] data, int position, int end) {
            this.data = data;
            this.position = position;
            this.end = end;
        }

        boolean hasMore() {
            return position < end;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= end) {
                    throw new MalformedLogGroupException("truncated varint");
                }
                byte b = data[position++];
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new MalformedLogGroupException("varint longer than 10 bytes");
        }

        int fixed32() {
            require(4);
            int value = (data[position] & 0xFF) | (data[position + 1] & 0xFF) << 8
                    | (data[position + 2] & 0xFF) << 16 | (data[position + 3] & 0xFF) << 24;
            position += 4;
            return value;
        }

        Reader message() {
            int length = length();
            Reader inner = new Reader(data, position, position + length);
            position += length;
            return inner;
        }

        String string() {
            int length = length();
            String text = new String(data, position, length, StandardCharsets.UTF_8);
            position += length;
            return text;
        }

        void skip(int tag) {
            switch (tag & 7) {
                case ProtoWriter.VARINT -> varint();
                case 1 -> { require(8); position += 8; }
                case ProtoWriter.LENGTH_DELIMITED -> position += length();
                case ProtoWriter.FIXED32 -> { require(4); position += 4; }
                default -> throw new MalformedLogGroupException("unsupported wire type " + (tag & 7));
            }
        }

        private int length() {
            long length = varint();
            if (length < 0 || length > end - position) {
                throw new MalformedLogGroupException("length " + length + " runs past the end");
            }
            return (int) length;
        }

        private void require(int bytes) {
            if (end - position < bytes) {
                throw new MalformedLogGroupException("truncated field");
            }
        }
    }
}
