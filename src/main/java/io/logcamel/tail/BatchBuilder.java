package io.logcamel.tail;

import io.logcamel.event.LogEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the events of the next batch of one file until it is full by lines or bytes. Every event
 * of a chunk shares the time the chunk was read (one clock call per chunk, not per line), unless
 * its container runtime recorded when the line was written ({@link LineOrigin}).
 */
final class BatchBuilder implements LineSink {

    private final int maxLines;
    private final long maxBytes;
    private List<LogEvent> events;
    private long bytes;
    private long firstLineAt;
    private long stampedAt;
    private long readSeconds;
    private int readNanos;

    BatchBuilder(int maxLines, long maxBytes) {
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.events = new ArrayList<>(Math.min(maxLines, 256));
    }

    /** Stamps the events that follow with the current time. */
    void stamp(long epochMillis) {
        stampedAt = epochMillis;
        readSeconds = Math.floorDiv(epochMillis, 1000);
        readNanos = (int) Math.floorMod(epochMillis, 1000) * 1_000_000;
    }

    @Override
    public boolean accept(String text, long endOffset, int part) {
        return accept(text, endOffset, part, null);
    }

    @Override
    public boolean accept(String text, long endOffset, int part, LineOrigin origin) {
        LogEvent event = origin == null ? LogEvent.ofContent(readSeconds, readNanos, text)
                : LogEvent.ofContent(origin.seconds(), origin.nanos(), text).add(TailConstants.FIELD_STREAM, origin.stream());
        return add(event, text.length(), part);
    }

    /** A plain line kept as its UTF-8 bytes when they are well-formed: nothing decodes it unless a step reads it. */
    @Override
    public boolean accept(byte[] buffer, int from, int to, LineDecoder decoder, long endOffset, int part) {
        byte[] utf8 = decoder.copyIfWellFormedUtf8(buffer, from, to);
        if (utf8 == null) {
            return accept(decoder.decode(buffer, from, to), endOffset, part);
        }
        return add(LogEvent.ofUtf8Content(readSeconds, readNanos, utf8), utf8.length, part);
    }

    private boolean add(LogEvent event, int textLength, int part) {
        if (part > 0) {
            event.add(TailConstants.FIELD_SPLIT, Integer.toString(part));
        }
        if (events.isEmpty()) {
            firstLineAt = stampedAt;
        }
        events.add(event);
        bytes += textLength + 1;
        return !isFull();
    }

    boolean isFull() {
        return events.size() >= maxLines || bytes >= maxBytes;
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    int size() {
        return events.size();
    }

    /** About the bytes of text held: what the batch costs in the read-ahead. */
    long bytes() {
        return bytes;
    }

    long firstLineAt() {
        return firstLineAt;
    }

    /** Hands the events over (they become the exchange's batch) and starts an empty batch. */
    List<LogEvent> take() {
        List<LogEvent> taken = events;
        events = new ArrayList<>(Math.min(maxLines, Math.max(16, taken.size())));
        bytes = 0;
        return taken;
    }

    void clear() {
        events.clear();
        bytes = 0;
    }
}
