package io.logcamel.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads one frame at a position of a segment, telling a good record apart from the end of the
 * data, a torn write (the file ends inside the frame) and corruption (impossible length or
 * checksum mismatch). Recovery truncates at the first frame that is not good; reading stops there.
 */
final class SegmentReader {

    enum Status { RECORD, END, TORN, CORRUPT }

    /** What was found at a position; {@code size} is the whole frame's length when {@code RECORD}. */
    record Frame(Status status, int size, byte[] payload) {
        static final Frame END = new Frame(Status.END, 0, null);
        static final Frame TORN = new Frame(Status.TORN, 0, null);
        static final Frame CORRUPT = new Frame(Status.CORRUPT, 0, null);
    }

    private SegmentReader() {
    }

    /** Reads the frame at {@code position}, considering only bytes before {@code limit}. */
    static Frame read(FileChannel channel, long position, long limit) throws IOException {
        if (position >= limit) {
            return Frame.END;
        }
        if (limit - position < SpoolRecordCodec.HEADER_BYTES) {
            return Frame.TORN;
        }
        ByteBuffer header = ByteBuffer.allocate(SpoolRecordCodec.HEADER_BYTES);
        readFully(channel, header, position);
        int length = header.getInt(0);
        int crc = header.getInt(4);
        if (length < 16 || length > SpoolRecordCodec.MAX_PAYLOAD_BYTES) {
            // A zero length is what a file extended but never written looks like after a crash.
            return length == 0 ? Frame.TORN : Frame.CORRUPT;
        }
        if (limit - position - SpoolRecordCodec.HEADER_BYTES < length) {
            return Frame.TORN;
        }
        byte[] payload = new byte[length];
        readFully(channel, ByteBuffer.wrap(payload), position + SpoolRecordCodec.HEADER_BYTES);
        if (SpoolRecordCodec.crc(payload, 0, length) != crc) {
            return Frame.CORRUPT;
        }
        return new Frame(Status.RECORD, SpoolRecordCodec.HEADER_BYTES + length, payload);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("segment ended while reading at " + (position + buffer.position()));
            }
        }
    }
}
