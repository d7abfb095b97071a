package io.logcamel.spool;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A disk queue of {@link SpoolRecord}s: appended at the end of the newest segment, replayed in
 * order from the acknowledged position, deleted segment by segment once every record in a
 * segment is acknowledged.
 *
 * <p>Offsets are global byte positions that run on across segments (a segment is named by the
 * offset of its first byte), so the whole replay state is one number, kept by {@link SpoolLedger}.
 * Replay is strictly one record at a time: {@link #next()} returns the oldest unacknowledged
 * record without consuming it. After a crash the one record in flight is replayed again; no
 * acknowledged record is replayed and no durably appended one is lost.
 *
 * <p>One lock guards everything: appends come from failing exchanges and replay is one consumer,
 * so contention is low, and a single lock makes the offset bookkeeping obviously consistent.
 */
public final class SpoolStore implements Closeable {

    private final SpoolSettings settings;
    private final SpoolLedger ledger;
    private final LongSupplier clock;
    private final SpoolStatistics statistics = new SpoolStatistics();

    /** Base offsets of the segments on disk, ascending; the last one is being written. */
    private final List<Long> bases = new ArrayList<>();
    private FileChannel writeChannel;
    private long end;
    private long acknowledged;
    private long lastForceMillis;
    private boolean unforced;
    private FileChannel readChannel;
    private long readBase = -1;
    private boolean closed;

    private SpoolStore(SpoolSettings settings, LongSupplier clock) {
        this.settings = settings;
        this.ledger = new SpoolLedger(settings.dir());
        this.clock = clock;
    }

    public static SpoolStore open(SpoolSettings settings) throws IOException {
        return open(settings, System::currentTimeMillis);
    }

    /** Opens with a clock of epoch milliseconds (tests move it to check expiry). */
    public static SpoolStore open(SpoolSettings settings, LongSupplier clock) throws IOException {
        SpoolStore store = new SpoolStore(settings, clock);
        store.recover();
        return store;
    }

    private void recover() throws IOException {
        Files.createDirectories(settings.dir());
        bases.addAll(SegmentFiles.list(settings.dir()));
        long stored = ledger.load();
        if (bases.isEmpty()) {
            long start = Math.max(stored, 0);
            startSegment(start);
            end = start;
            acknowledged = start;
            return;
        }
        long lastBase = bases.get(bases.size() - 1);
        long validLength = truncateTornTail(SegmentFiles.path(settings.dir(), lastBase));
        end = lastBase + validLength;
        acknowledged = Math.max(stored, bases.get(0));
        if (acknowledged > end) {
            // Acknowledged records were appended under an fsync interval and their unforced tail was
            // lost: nothing unacknowledged is missing, and new records must start after the
            // acknowledged position so they are not mistaken for delivered ones.
            if (validLength == 0) {
                Files.delete(SegmentFiles.path(settings.dir(), lastBase));
                bases.remove(bases.size() - 1);
            }
            startSegment(acknowledged);
            end = acknowledged;
        } else {
            writeChannel = FileChannel.open(SegmentFiles.path(settings.dir(), lastBase), StandardOpenOption.WRITE);
        }
        deleteAcknowledgedSegments();
    }

    /** Cuts the last segment after its last good record; returns the remaining length. */
    private long truncateTornTail(Path segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long position = 0;
            while (true) {
                SegmentReader.Frame frame = SegmentReader.read(channel, position, size);
                if (frame.status() != SegmentReader.Status.RECORD) {
                    break;
                }
                position += frame.size();
            }
            if (position < size) {
                channel.truncate(position);
                channel.force(true);
                statistics.truncatedBytes.addAndGet(size - position);
            }
            return position;
        }
    }

    /**
     * Appends durably (when {@code fsyncIntervalMillis} is 0) and returns the record's offset.
     *
     * @throws SpoolFullException at the cap in {@code block} mode, or when the record alone exceeds the cap
     */
    public synchronized long append(SpoolRecord record) throws IOException {
        ensureOpen();
        byte[] frame = SpoolRecordCodec.frame(record);
        if (frame.length > settings.maxBytes()) {
            statistics.refusedAppends.incrementAndGet();
            throw new SpoolFullException("spool " + settings.dir() + ": a record of " + frame.length
                    + " bytes exceeds maxBytes " + settings.maxBytes());
        }
        if (end - acknowledged + frame.length > settings.maxBytes()) {
            if (settings.fullPolicy() == FullPolicy.BLOCK) {
                statistics.refusedAppends.incrementAndGet();
                throw new SpoolFullException("spool " + settings.dir() + " is full: " + (end - acknowledged)
                        + " bytes pending, maxBytes " + settings.maxBytes() + " (fullPolicy block)");
            }
            dropOldestUntilFits(frame.length);
        }
        long writeBase = bases.get(bases.size() - 1);
        if (end > writeBase && end - writeBase + frame.length > settings.segmentBytes()) {
            rollSegment();
            writeBase = end;
        }
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        long position = end - writeBase;
        while (buffer.hasRemaining()) {
            position += writeChannel.write(buffer, position);
        }
        long offset = end;
        end += frame.length;
        unforced = true;
        long now = clock.getAsLong();
        if (settings.fsyncIntervalMillis() == 0 || now - lastForceMillis >= settings.fsyncIntervalMillis()) {
            forceWrites(now);
        }
        statistics.spooledRecords.incrementAndGet();
        statistics.spooledBytes.addAndGet(frame.length);
        statistics.spooledLogs.addAndGet(record.logCount());
        notifyAll();
        return offset;
    }

    private void dropOldestUntilFits(int frameLength) throws IOException {
        while (end - acknowledged + frameLength > settings.maxBytes() && acknowledged < end) {
            SpoolEntry oldest = readAt(acknowledged);
            if (oldest == null) {
                break;
            }
            statistics.droppedRecords.incrementAndGet();
            statistics.droppedLogs.addAndGet(oldest.record().logCount());
            acknowledged = oldest.nextOffset();
        }
        ledger.store(acknowledged);
        deleteAcknowledgedSegments();
    }

    /** Forces appended records to disk if any are not yet; a no-op under {@code fsyncIntervalMillis} 0. */
    public synchronized void sync() throws IOException {
        if (!closed && unforced) {
            forceWrites(clock.getAsLong());
        }
    }

    private void forceWrites(long now) throws IOException {
        writeChannel.force(false);
        unforced = false;
        lastForceMillis = now;
    }

    /**
     * The oldest unacknowledged record that has not expired, or {@code null} when there is none.
     * Expired records met on the way are counted and acknowledged.
     */
    public synchronized SpoolEntry next() throws IOException {
        ensureOpen();
        long before = acknowledged;
        try {
            while (acknowledged < end) {
                SpoolEntry entry = readAt(acknowledged);
                if (entry == null) {
                    return null;
                }
                if (clock.getAsLong() - entry.record().createdMillis() <= settings.ttl().toMillis()) {
                    return entry;
                }
                statistics.expiredRecords.incrementAndGet();
                statistics.expiredLogs.addAndGet(entry.record().logCount());
                acknowledged = entry.nextOffset();
            }
            return null;
        } finally {
            if (acknowledged != before) {
                ledger.store(acknowledged);
                deleteAcknowledgedSegments();
            }
        }
    }

    /**
     * Acknowledges {@code entry} without its having been delivered: its replay failed for good
     * (the Logstore refuses it as invalid, so retrying it would block every record behind it).
     * Counted in {@code discardedRecords}/{@code discardedLogs}.
     */
    public synchronized void discard(SpoolEntry entry) throws IOException {
        long before = statistics.replayedRecords.get();
        acknowledge(entry);
        if (statistics.replayedRecords.get() != before) {
            statistics.replayedRecords.decrementAndGet();
            statistics.replayedLogs.addAndGet(-entry.record().logCount());
            statistics.discardedRecords.incrementAndGet();
            statistics.discardedLogs.addAndGet(entry.record().logCount());
        }
    }

    /**
     * Marks {@code entry} delivered: the position is stored durably before this returns, and the
     * segments wholly before it are deleted. An entry already passed (dropped meanwhile) is ignored.
     */
    public synchronized void acknowledge(SpoolEntry entry) throws IOException {
        ensureOpen();
        if (entry.nextOffset() <= acknowledged) {
            return;
        }
        if (entry.offset() != acknowledged) {
            throw new IllegalStateException("spool " + settings.dir() + ": acknowledging offset " + entry.offset()
                    + " but the next unacknowledged record is at " + acknowledged);
        }
        acknowledged = entry.nextOffset();
        statistics.replayedRecords.incrementAndGet();
        statistics.replayedLogs.addAndGet(entry.record().logCount());
        ledger.store(acknowledged);
        deleteAcknowledgedSegments();
    }

    /**
     * Reads the record at {@code offset}. A segment that is not the newest and holds a bad frame
     * (corruption, or a tail never forced before a later segment was started) is skipped from
     * there to its end: the rest of the spool stays readable.
     */
    private SpoolEntry readAt(long offset) throws IOException {
        long position = offset;
        while (position < end) {
            int index = segmentIndex(position);
            long base = bases.get(index);
            boolean newest = index == bases.size() - 1;
            long limit = newest ? end - base : bases.get(index + 1) - base;
            SegmentReader.Frame frame = SegmentReader.read(channelFor(base), position - base, limit);
            if (frame.status() == SegmentReader.Status.RECORD) {
                SpoolRecord record = SpoolRecordCodec.decodePayload(frame.payload());
                if (position != offset) {
                    acknowledged = position;
                }
                return new SpoolEntry(position, position + frame.size(), record);
            }
            if (newest) {
                throw new IOException("spool " + settings.dir() + ": unreadable record at offset " + position
                        + " before the end " + end + " (" + frame.status() + ")");
            }
            statistics.corruptSegments.incrementAndGet();
            position = bases.get(index + 1);
        }
        acknowledged = position;
        return null;
    }

    private int segmentIndex(long offset) {
        for (int i = bases.size() - 1; i >= 0; i--) {
            if (bases.get(i) <= offset) {
                return i;
            }
        }
        throw new IllegalStateException("offset " + offset + " precedes the oldest segment " + bases.get(0));
    }

    private FileChannel channelFor(long base) throws IOException {
        if (readBase != base) {
            closeReadChannel();
            readChannel = FileChannel.open(SegmentFiles.path(settings.dir(), base), StandardOpenOption.READ);
            readBase = base;
        }
        return readChannel;
    }

    private void rollSegment() throws IOException {
        // The finished segment is forced first so that, whatever the fsync interval, a later
        // segment never exists on disk in front of an unforced earlier one's records.
        forceWrites(clock.getAsLong());
        writeChannel.close();
        startSegment(end);
    }

    private void startSegment(long base) throws IOException {
        Path path = SegmentFiles.path(settings.dir(), base);
        writeChannel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        writeChannel.truncate(0);
        syncDirectory();
        bases.add(base);
    }

    private void deleteAcknowledgedSegments() throws IOException {
        while (bases.size() > 1 && bases.get(1) <= acknowledged) {
            long base = bases.remove(0);
            if (base == readBase) {
                closeReadChannel();
            }
            Files.deleteIfExists(SegmentFiles.path(settings.dir(), base));
        }
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(settings.dir(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: not every file system lets a directory be forced
        }
    }

    private void closeReadChannel() throws IOException {
        if (readChannel != null) {
            readChannel.close();
            readChannel = null;
            readBase = -1;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("spool " + settings.dir() + " is closed");
        }
    }

    /**
     * Waits until something is pending, {@link #wakeUp()} is called or the timeout passes: lets a
     * replaying consumer idle without polling the disk. Never interrupts anything (an interrupt
     * would close the store's file channels).
     */
    public synchronized void awaitPending(long timeoutMillis) throws InterruptedException {
        if (!closed && end == acknowledged && timeoutMillis > 0) {
            wait(timeoutMillis);
        }
    }

    /** Releases threads in {@link #awaitPending(long)}. */
    public synchronized void wakeUp() {
        notifyAll();
    }

    /** Bytes appended and not yet acknowledged, expired or dropped: what the cap applies to. */
    public synchronized long pendingBytes() {
        return end - acknowledged;
    }

    /** Bytes of segment files on disk. */
    public synchronized long diskBytes() {
        return end - bases.get(0);
    }

    public synchronized int segmentCount() {
        return bases.size();
    }

    public synchronized long acknowledgedOffset() {
        return acknowledged;
    }

    public synchronized long endOffset() {
        return end;
    }

    public SpoolStatistics statistics() {
        return statistics;
    }

    public SpoolSettings settings() {
        return settings;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (unforced) {
                writeChannel.force(false);
            }
        } finally {
            writeChannel.close();
            closeReadChannel();
        }
    }

    /** Closes the files without forcing anything: what a crash leaves behind, for tests. */
    synchronized void abandon() {
        closed = true;
        try {
            writeChannel.close();
            closeReadChannel();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
