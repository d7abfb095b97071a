package io.logcamel.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk frame of one record: {@code int payloadLength, int crc32c(payload), payload}, all
 * big-endian. The payload is {@code long createdMillis, int logCount, int destinationLength,
 * destination (UTF-8), body}. The checksum covers everything that is replayed, so a torn or
 * flipped byte anywhere in the payload is detected on recovery and on read.
 */
final class SpoolRecordCodec {

    static final int HEADER_BYTES = 8;
    /** Guards recovery against a garbage length field asking for a huge allocation. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

    private SpoolRecordCodec() {
    }

    static byte[] frame(SpoolRecord record) {
        byte[] destination = record.destination().getBytes(StandardCharsets.UTF_8);
        int payloadLength = 8 + 4 + 4 + destination.length + record.body().length;
        if (payloadLength > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("spool record of " + payloadLength + " bytes exceeds the limit of "
                    + MAX_PAYLOAD_BYTES);
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + payloadLength);
        buffer.putInt(payloadLength).putInt(0);
        buffer.putLong(record.createdMillis()).putInt(record.logCount()).putInt(destination.length)
                .put(destination).put(record.body());
        buffer.putInt(4, crc(buffer.array(), HEADER_BYTES, payloadLength));
        return buffer.array();
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    static SpoolRecord decodePayload(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        long created = in.getLong();
        int logCount = in.getInt();
        int destinationLength = in.getInt();
        if (destinationLength < 0 || destinationLength > in.remaining()) {
            throw new IllegalStateException("spool record destination length " + destinationLength + " is invalid");
        }
        String destination = new String(payload, in.position(), destinationLength, StandardCharsets.UTF_8);
        in.position(in.position() + destinationLength);
        byte[] body = new byte[in.remaining()];
        in.get(body);
        return new SpoolRecord(destination, created, logCount, body);
    }
}
