package io.logcamel.localstore;

import io.logcamel.event.LogBatch;
import io.logcamel.logstore.wire.CompressType;
import io.logcamel.logstore.wire.LogGroupDecoder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One accepted PutLogs as the journal keeps it: where it goes, when it arrived, and the body as
 * it came over the wire (still compressed: the journal writes a fraction of the raw bytes).
 *
 * @param compression the body's {@code x-log-compresstype}
 * @param rawSize     the LogGroup's size once decompressed
 */
record IngestRecord(String project, String logstore, long receivedMillis, CompressType compression, int rawSize,
                    byte[] body) {

    private static final int VERSION = 1;

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(project);
            out.writeUTF(logstore);
            out.writeLong(receivedMillis);
            out.writeUTF(compression.name());
            out.writeInt(rawSize);
            out.writeInt(body.length);
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static IngestRecord decode(byte[] payload) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IOException("journal record version " + version + " is not " + VERSION);
            }
            String project = in.readUTF();
            String logstore = in.readUTF();
            long receivedMillis = in.readLong();
            CompressType compression;
            try {
                compression = CompressType.valueOf(in.readUTF());
            } catch (IllegalArgumentException e) {
                throw new IOException("journal record with an unknown compression", e);
            }
            int rawSize = in.readInt();
            byte[] body = in.readNBytes(in.readInt());
            return new IngestRecord(project, logstore, receivedMillis, compression, rawSize, body);
        }
    }

    /** The LogGroup the body holds (PutLogs checked it decodes before the record was written). */
    LogBatch batch() {
        return LogGroupDecoder.decode(compression.decompress(body, rawSize));
    }
}
