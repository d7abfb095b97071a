package io.logcamel.logstore.wire;

import io.logcamel.event.LogEvent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * <p>A group is built with {@link #begin}, {@link #add} per event and {@link #finish}. The encoder
 * knows the exact size of the group at every step ({@link #size}), so whoever cuts a batch into
 * requests cuts by the real size: each event is turned into UTF-8 and sized once, as it is
 * written (into a buffer the encoder keeps: a value of ASCII chars gets no array of its own). The
 * topic, source and tags are encoded at {@code begin} (their size counts from the start) and
 * appended at {@code finish}.
 *
 * <p>Not thread-safe: one encoder per producer thread, reused across batches (it keeps its
 * buffers and a cache of the UTF-8 bytes of field names, which repeat in every event).
 */
public final class LogGroupEncoder {

    private static final int MAX_CACHED_KEYS = 512;

    private final ProtoWriter out = new ProtoWriter(64 * 1024);
    private final ProtoWriter trailer = new ProtoWriter(256);
    /** The UTF-8 of the String values of the event being added, back to back: no array per value. */
    private final ProtoWriter texts = new ProtoWriter(4096);
    private final Map<String, byte[]> keyBytes = new HashMap<>();
    private byte[][] keyScratch = new byte[16][];
    /** Per field of the event being added: its value's bytes as the event holds them, or null when in {@link #texts}. */
    private byte[][] valueScratch = new byte[16][];
    private int[] valueFrom = new int[16];
    private int[] valueLength = new int[16];
    private int[] pairSizes = new int[16];
    private int logs;

    /**
     * Encodes {@code events[from, to)} as one LogGroup.
     *
     * @param tags group tags in order, as {@code key, value} pairs (may be empty)
     */
    public byte[] encode(List<LogEvent> events, int from, int to, String topic, String source, List<String> tags) {
        begin(topic, source, tags);
        for (int i = from; i < to; i++) {
            add(events.get(i), Integer.MAX_VALUE);
        }
        return finish();
    }

    /**
     * Starts a new LogGroup, dropping whatever the last one held.
     *
     * @param tags group tags in order, as {@code key, value} pairs (may be empty)
     */
    public void begin(String topic, String source, List<String> tags) {
        out.reset();
        trailer.reset();
        logs = 0;
        if (topic != null && !topic.isEmpty()) {
            trailer.lengthDelimited(3, utf8(topic));
        }
        if (source != null && !source.isEmpty()) {
            trailer.lengthDelimited(4, utf8(source));
        }
        for (int i = 0; i + 1 < tags.size(); i += 2) {
            byte[] key = key(tags.get(i));
            byte[] value = utf8(tags.get(i + 1));
            trailer.tag(6, ProtoWriter.LENGTH_DELIMITED);
            trailer.varint(pairSize(key, value));
            writePair(trailer, key, value);
        }
    }

    /**
     * Appends {@code event} to the group unless the group would then encode to more than
     * {@code maxBytes}: false, and the group unchanged, in that case. The first event of a group
     * is always taken, whatever its size (the caller checks {@link #size}).
     */
    public boolean add(LogEvent event, int maxBytes) {
        int fields = event.size();
        if (keyScratch.length < fields) {
            keyScratch = new byte[fields * 2][];
            valueScratch = new byte[fields * 2][];
            valueFrom = new int[fields * 2];
            valueLength = new int[fields * 2];
            pairSizes = new int[fields * 2];
        }
        long time = event.timeSeconds() & 0xFFFFFFFFL;
        long logSize = 1 + ProtoWriter.varintSize(time) + 5; // Time, and Time_ns: tag + fixed32
        texts.reset();
        for (int i = 0; i < fields; i++) {
            byte[] key = key(event.key(i));
            byte[] raw = event.utf8Value(i);
            keyScratch[i] = key;
            valueScratch[i] = raw;
            if (raw != null) {
                valueFrom[i] = 0;
                valueLength[i] = raw.length;
            } else {
                valueFrom[i] = texts.position();
                valueLength[i] = writeText(event.value(i));
            }
            int pairSize = pairSize(key, valueLength[i]);
            pairSizes[i] = pairSize;
            logSize += 1 + ProtoWriter.varintSize(pairSize) + pairSize;
        }
        long grown = 1 + ProtoWriter.varintSize(logSize) + logSize;
        if (logs > 0 && size() + grown > maxBytes) {
            clearScratch(fields);
            return false;
        }
        out.tag(1, ProtoWriter.LENGTH_DELIMITED);
        out.varint(logSize);
        out.tag(1, ProtoWriter.VARINT);
        out.varint(time);
        for (int i = 0; i < fields; i++) {
            out.tag(2, ProtoWriter.LENGTH_DELIMITED);
            out.varint(pairSizes[i]);
            out.lengthDelimited(1, keyScratch[i]);
            byte[] value = valueScratch[i];
            out.lengthDelimited(2, value != null ? value : texts.buffer(), valueFrom[i], valueLength[i]);
        }
        out.tag(4, ProtoWriter.FIXED32);
        out.fixed32(event.timeNanos());
        clearScratch(fields);
        logs++;
        return true;
    }

    /** The bytes the group encodes to now, its topic, source and tags included. */
    public long size() {
        return (long) out.position() + trailer.position();
    }

    /** The events added since {@link #begin}. */
    public int logs() {
        return logs;
    }

    /** The encoded group, its events and then its topic, source and tags, in an array of its own. */
    public byte[] finish() {
        end();
        return Arrays.copyOf(bytes(), (int) size());
    }

    /**
     * Completes the group in place: its bytes are then {@link #bytes()}{@code [0, size())}, valid
     * until the next {@link #begin}. What the producer compresses from, without a copy of the
     * whole group (a request's group is larger than G1's humongous size, 512 KB with the
     * README's heap, and that copy was a quarter of the agent's allocation in the race).
     */
    public void end() {
        out.append(trailer);
        trailer.reset();
    }

    /** The encoder's buffer: see {@link #end}. */
    public byte[] bytes() {
        return out.buffer();
    }

    /** The values are the events' bytes: do not keep them alive until the next batch. */
    private void clearScratch(int fields) {
        for (int i = 0; i < fields; i++) {
            valueScratch[i] = null;
        }
    }

    /** Writes {@code text}'s UTF-8 to {@link #texts}; returns its length. */
    private int writeText(String text) {
        int from = texts.position();
        if (!texts.ascii(text)) {
            texts.truncate(from);
            texts.bytes(utf8(text));
        }
        return texts.position() - from;
    }

    private static int pairSize(byte[] key, byte[] value) {
        return pairSize(key, value.length);
    }

    private static int pairSize(byte[] key, int valueLength) {
        return 1 + ProtoWriter.varintSize(key.length) + key.length
                + 1 + ProtoWriter.varintSize(valueLength) + valueLength;
    }

    private static void writePair(ProtoWriter writer, byte[] key, byte[] value) {
        writer.lengthDelimited(1, key);
        writer.lengthDelimited(2, value);
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
