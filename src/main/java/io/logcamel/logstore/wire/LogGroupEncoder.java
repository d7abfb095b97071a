package io.logcamel.logstore.wire;

import io.logcamel.event.LogEvent;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes events straight into the protobuf {@code LogGroup} of the PutLogs protocol, with no
 * intermediate message objects.
 *
 * <pre>
 * message Log      { required uint32 Time = 1; repeated Content Contents = 2; optional fixed32 Time_ns = 4; }
 * message Content  { required string Key = 1; required string Value = 2; }
 * message LogTag   { required string Key = 1; required string Value = 2; }
 * message LogGroup { repeated Log Logs = 1; optional string Category = 2; optional string Topic = 3;
 *                    optional string Source = 4; optional string MachineUUID = 5; repeated LogTag LogTags = 6; }
 * </pre>
 *
 * Not thread-safe: one encoder per producer thread, reused across batches (it keeps a buffer and a
 * cache of the UTF-8 bytes of field names, which repeat in every event).
 */
public final class LogGroupEncoder {

    private static final int MAX_CACHED_KEYS = 512;

    private final ProtoWriter out = new ProtoWriter(64 * 1024);
    private final Map<String, byte[]> keyBytes = new HashMap<>();
    private byte[][] valueScratch = new byte[16][];

    /**
     * Encodes {@code events[from, to)} as one LogGroup.
     *
     * @param tags group tags in order, as {@code key, value} pairs (may be empty)
     */
    public byte[] encode(List<LogEvent> events, int from, int to, String topic, String source, List<String> tags) {
        out.reset();
        for (int i = from; i < to; i++) {
            writeLog(events.get(i));
        }
        if (topic != null && !topic.isEmpty()) {
            out.lengthDelimited(3, utf8(topic));
        }
        if (source != null && !source.isEmpty()) {
            out.lengthDelimited(4, utf8(source));
        }
        for (int i = 0; i + 1 < tags.size(); i += 2) {
            byte[] key = key(tags.get(i));
            byte[] value = utf8(tags.get(i + 1));
            out.tag(6, ProtoWriter.LENGTH_DELIMITED);
            out.varint(pairSize(key, value));
            writePair(key, value);
        }
        return out.toByteArray();
    }

    /**
     * An upper-bound estimate of the bytes {@code event} adds to a LogGroup, used to split
     * batches before encoding. Counts chars, which bound UTF-8 bytes from below, so it is
     * multiplied by 3 only for non-Latin text; tests keep the real size under the estimate.
     */
    public static int estimateSize(LogEvent event) {
        long size = 16;
        for (int i = 0; i < event.size(); i++) {
            size += 12 + utf8Bound(event.key(i)) + utf8Bound(event.value(i));
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    private static long utf8Bound(String text) {
        return (long) text.length() * 3;
    }

    private void writeLog(LogEvent event) {
        int fields = event.size();
        if (valueScratch.length < fields * 2) {
            valueScratch = new byte[fields * 2][];
        }
        long logSize = 1 + ProtoWriter.varintSize(event.timeSeconds() & 0xFFFFFFFFL);
        for (int i = 0; i < fields; i++) {
            byte[] key = key(event.key(i));
            byte[] value = utf8(event.value(i));
            valueScratch[i * 2] = key;
            valueScratch[i * 2 + 1] = value;
            int pairSize = pairSize(key, value);
            logSize += 1 + ProtoWriter.varintSize(pairSize) + pairSize;
        }
        logSize += 5; // Time_ns: tag + fixed32
        out.tag(1, ProtoWriter.LENGTH_DELIMITED);
        out.varint(logSize);
        out.tag(1, ProtoWriter.VARINT);
        out.varint(event.timeSeconds() & 0xFFFFFFFFL);
        for (int i = 0; i < fields; i++) {
            byte[] key = valueScratch[i * 2];
            byte[] value = valueScratch[i * 2 + 1];
            out.tag(2, ProtoWriter.LENGTH_DELIMITED);
            out.varint(pairSize(key, value));
            writePair(key, value);
            valueScratch[i * 2 + 1] = null;
        }
        out.tag(4, ProtoWriter.FIXED32);
        out.fixed32(event.timeNanos());
    }

    private static int pairSize(byte[] key, byte[] value) {
        return 1 + ProtoWriter.varintSize(key.length) + key.length
                + 1 + ProtoWriter.varintSize(value.length) + value.length;
    }

    private void writePair(byte[] key, byte[] value) {
        out.lengthDelimited(1, key);
        out.lengthDelimited(2, value);
    }

    private byte[] key(String key) {
        byte[] bytes = keyBytes.get(key);
        if (bytes == null) {
            bytes = utf8(key);
            if (keyBytes.size() >= MAX_CACHED_KEYS) {
                keyBytes.clear();
            }
            keyBytes.put(key, bytes);
        }
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
