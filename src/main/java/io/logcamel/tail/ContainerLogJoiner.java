package io.logcamel.tail;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The container-log stage between the {@link LineReader} and multi-line assembly: it takes each
 * runtime line apart ({@link ContainerLineParser}), joins partial lines per stream up to the next
 * full one, and passes on each joined line with its time and stream ({@link LineOrigin}).
 *
 * <p>Records leave in the order of their first line in the file, so that one offset says what has
 * been passed on: every record that starts before {@link #settledOffset()} was, none after it.
 * A line of stdout that completes while a partial line of stderr started before it waits for it.
 * That wait is bounded: when more than {@code maxLineSize} characters wait behind an unfinished
 * line, that line is passed on as a flagged part, as is a joined line that grows past
 * {@code maxLineSize}. After a rewind (failed delivery), the lines that continued records already
 * passed on are skipped, so their tails do not come again as records of their own.
 *
 * <p>Lines not in the format are counted and passed on raw, without time or stream.
 */
final class ContainerLogJoiner implements LineSink {

    /** Continuation lines remembered for rewinds; interleaved partial lines are rare, so this is plenty. */
    private static final int CONTINUATIONS_REMEMBERED = 4096;

    private final ContainerLineParser parser;
    private final int maxLineSize;
    private final AtomicLong invalidLines;
    private final AtomicLong linesSplit;
    private LineSink downstream;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final Map<String, Entry> open = new HashMap<>(4);
    /** Streams whose line was passed on in parts and goes on: the part count and the first part's origin. */
    private final Map<String, Entry> continued = new HashMap<>(4);
    /** Line starts of lines appended to a record that began earlier, with that record's start. */
    private final ArrayDeque<long[]> continuations = new ArrayDeque<>();
    private Set<Long> skip = Set.of();
    private long lastLineEnd;
    private long queuedChars;
    /** The record the reader's parts of an over-long runtime line go to, until the next line. */
    private Entry rawSplit;
    private String rawSplitStream;
    private boolean rawSplitFull;
    private boolean skippingRawParts;

    private static final class Entry {
        final String stream;
        long start;
        final LineOrigin origin;
        final StringBuilder text = new StringBuilder();
        boolean complete;
        int partsBefore;
        int part;

        Entry(String stream, long start, LineOrigin origin) {
            this.stream = stream;
            this.start = start;
            this.origin = origin;
        }
    }

    ContainerLogJoiner(ContainerLogFormat format, int maxLineSize, AtomicLong invalidLines, AtomicLong linesSplit) {
        this.parser = new ContainerLineParser(format);
        this.maxLineSize = maxLineSize;
        this.invalidLines = invalidLines;
        this.linesSplit = linesSplit;
    }

    void downstream(LineSink sink) {
        this.downstream = sink;
    }

    @Override
    public boolean accept(String text, long endOffset, int part) {
        long lineStart = lastLineEnd;
        lastLineEnd = endOffset;
        if (part >= 2) {
            // a further piece of a runtime line longer than maxLineSize, cut by the reader: no prefix
            if (skippingRawParts) {
                return release();
            }
            if (rawSplit == null && rawSplitStream != null) {
                rawSplit = openEntry(rawSplitStream, lineStart, null);
                rawSplit.text.append(text);
                queuedChars += text.length();
            } else if (rawSplit != null) {
                rawSplit = appendTo(rawSplit, text, lineStart);
            } else {
                enqueueRaw(text, lineStart, part);
            }
            return release();
        }
        skippingRawParts = false;
        if (rawSplitStream != null) {
            if (rawSplitFull) {
                if (rawSplit != null) {
                    complete(rawSplit);
                } else {
                    continued.remove(rawSplitStream); // its last part was passed on already
                }
            }
            rawSplit = null;
            rawSplitStream = null;
        }
        if (!skip.isEmpty() && skip.remove(lineStart)) {
            skippingRawParts = part == 1;
            return release();
        }
        if (!parser.parse(text)) {
            invalidLines.incrementAndGet();
            enqueueRaw(text, lineStart, part);
            return release();
        }
        String stream = parser.stream;
        Entry entry = open.get(stream);
        if (entry == null) {
            entry = openEntry(stream, lineStart, new LineOrigin(parser.seconds, parser.nanos, stream));
            entry.text.append(parser.content);
            queuedChars += parser.content.length();
        } else {
            entry = appendTo(entry, parser.content, lineStart);
        }
        if (part == 1) {
            rawSplit = entry;
            rawSplitStream = stream;
            rawSplitFull = !parser.partial;
        } else if (!parser.partial) {
            complete(entry);
        }
        return release();
    }

    /** Passes on every unfinished line as it is (the file stopped growing, or is done). */
    boolean flush() {
        rawSplit = null;
        rawSplitStream = null;
        continued.clear();
        for (Entry entry : queue) {
            if (!entry.complete) {
                complete(entry);
            }
        }
        return release();
    }

    /** Forgets everything held; reading continues at {@code offset} (the start, or a rewind after a failure). */
    void reset(long offset) {
        Set<Long> lines = new HashSet<>();
        for (long[] continuation : continuations) {
            if (continuation[0] >= offset && continuation[1] < offset) {
                lines.add(continuation[0]); // its record was passed on before offset: only its tail would come again
            }
        }
        skip = lines;
        queue.clear();
        open.clear();
        continued.clear();
        queuedChars = 0;
        rawSplit = null;
        rawSplitStream = null;
        skippingRawParts = false;
        lastLineEnd = offset;
    }

    /** Offset through which every record was passed on: the start of the oldest one held. */
    long settledOffset() {
        Entry head = queue.peekFirst();
        return head == null ? lastLineEnd : head.start;
    }

    boolean hasPending() {
        return !queue.isEmpty();
    }

    private Entry appendTo(Entry entry, String content, long lineStart) {
        Entry target = entry;
        if (target.text.length() > 0 && target.text.length() + content.length() > maxLineSize) {
            cut(target);
            target = openEntry(entry.stream, lineStart, entry.origin);
            if (rawSplit == entry) {
                rawSplit = target;
            }
        } else {
            remember(lineStart, target.start);
        }
        target.text.append(content);
        queuedChars += content.length();
        return target;
    }

    /** Ends {@code entry} as a part of a longer line; the stream's next line continues it under the next part number. */
    private void cut(Entry entry) {
        if (entry.partsBefore == 0) {
            linesSplit.incrementAndGet();
        }
        entry.complete = true;
        entry.part = entry.partsBefore + 1;
        open.remove(entry.stream);
        continued.put(entry.stream, entry);
        if (rawSplit == entry) {
            rawSplit = null;
        }
    }

    /** A new record of a stream at {@code start}: the continuation of a line passed on in parts, if there is one. */
    private Entry openEntry(String stream, long start, LineOrigin origin) {
        Entry before = continued.remove(stream);
        Entry entry = newEntry(stream, start, before != null ? before.origin : origin);
        if (before != null) {
            entry.partsBefore = before.part;
        }
        return entry;
    }

    private void complete(Entry entry) {
        if (entry.stream != null && continued.get(entry.stream) == entry) {
            return;
        }
        entry.complete = true;
        entry.part = entry.partsBefore == 0 ? 0 : entry.partsBefore + 1;
        if (entry.stream != null && open.get(entry.stream) == entry) {
            open.remove(entry.stream);
        }
    }

    private Entry newEntry(String stream, long start, LineOrigin origin) {
        Entry entry = new Entry(stream, start, origin);
        queue.addLast(entry);
        open.put(stream, entry);
        return entry;
    }

    private void enqueueRaw(String text, long lineStart, int part) {
        Entry entry = new Entry(null, lineStart, null);
        entry.text.append(text);
        entry.complete = true;
        entry.part = part;
        queue.addLast(entry);
        queuedChars += text.length();
    }

    private void remember(long lineStart, long recordStart) {
        if (continuations.size() == CONTINUATIONS_REMEMBERED) {
            continuations.pollFirst();
        }
        continuations.addLast(new long[]{lineStart, recordStart});
    }

    /** Passes on the finished records at the head of the queue, in file order. */
    private boolean release() {
        boolean more = true;
        Entry head;
        while ((head = queue.peekFirst()) != null) {
            if (!head.complete) {
                if (queuedChars - head.text.length() <= maxLineSize) {
                    break;
                }
                // too much waits behind a line whose end does not come: pass on what it has
                cut(head);
                continue;
            }
            queue.pollFirst();
            queuedChars -= head.text.length();
            Entry next = queue.peekFirst();
            long settled = next == null ? lastLineEnd : next.start;
            more &= downstream.accept(head.text.toString(), settled, head.part, head.origin);
        }
        return more;
    }
}
