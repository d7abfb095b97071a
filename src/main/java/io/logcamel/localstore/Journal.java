package io.logcamel.localstore;

import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The local Logstore's write-ahead journal: PutLogs bodies appended to segment files and made
 * durable with one fsync for every request waiting at that moment (group commit), so a PutLogs
 * is answered as soon as its body is safely on disk, whatever the database behind is doing.
 * The {@link LogIndexer} reads it in order into the database and the journal forgets segments
 * once everything in them is indexed.
 *
 * <p>Offsets are byte positions that run on across segments; a segment file is named by the
 * offset of its first byte. A record is framed as length, CRC32C and payload; a torn tail (a
 * crash in the middle of an append) is cut off when the journal opens. Only durable bytes are
 * ever handed to the reader, so nothing the indexer sees can vanish in a crash.
 */
final class Journal implements Closeable {

    static final String DIRECTORY = "journal";
    static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final String SUFFIX = ".seg";
    private static final int HEADER = 8;
    private static final Logger LOG = Logger.getLogger(Journal.class);

    /** One record read back: where it starts, where the next one starts, and its payload. */
    record Entry(long offset, long nextOffset, byte[] payload) {
    }

    private final Path dir;
    private final boolean fsync;
    private final long segmentBytes;
    private final Object appendLock = new Object();
    private final Object syncLock = new Object();
    /** Base offsets of the segments on disk, ascending; the last one is being written. Guarded by appendLock. */
    private final List<Long> bases = new ArrayList<>();
    private FileChannel writeChannel;
    private long writeBase;
    private volatile long written;
    private volatile long durable;
    private volatile Runnable onDurable = () -> { };
    private boolean closed;

    private Journal(Path dir, boolean fsync, long segmentBytes) {
        this.dir = dir;
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens the journal in {@code dir}, whose records before {@code indexedOffset} are already in
     * the database: their segments are deleted and reading starts there.
     */
    static Journal open(Path dir, long indexedOffset, boolean fsync, long segmentBytes) throws IOException {
        Journal journal = new Journal(dir, fsync, segmentBytes);
        journal.recover(indexedOffset);
        return journal;
    }

    private void recover(long indexedOffset) throws IOException {
        Files.createDirectories(dir);
        bases.addAll(listSegments());
        long end = indexedOffset;
        if (!bases.isEmpty()) {
            long lastBase = bases.get(bases.size() - 1);
            end = lastBase + validLength(segment(lastBase));
        }
        if (end <= indexedOffset) {
            // everything on disk is indexed (or the unsynced tail that was indexed got lost): start afresh
            for (long base : bases) {
                Files.deleteIfExists(segment(base));
            }
            bases.clear();
            end = indexedOffset;
        }
        if (bases.isEmpty()) {
            bases.add(end);
        } else if (bases.get(0) > indexedOffset) {
            LOG.warnf("the local Logstore journal in %s starts at %d but the database has only indexed up to %d:"
                    + " records in between are missing from the journal", dir, bases.get(0), indexedOffset);
        }
        writeBase = bases.get(bases.size() - 1);
        writeChannel = FileChannel.open(segment(writeBase), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        writeChannel.truncate(end - writeBase);
        writeChannel.position(end - writeBase);
        written = end;
        durable = end;
        deleteBefore(indexedOffset);
    }

    /** Length of the valid frames at the start of {@code file}; what follows the last one is a torn append. */
    private static long validLength(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (position + HEADER <= size) {
                header.clear();
                readFully(channel, header, position);
                header.flip();
                int length = header.getInt();
                int crc = header.getInt();
                if (length < 0 || position + HEADER + length > size) {
                    break;
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                readFully(channel, payload, position + HEADER);
                if (crc32c(payload.array()) != crc) {
                    break;
                }
                position += HEADER + length;
            }
            if (position < size) {
                LOG.warnf("the local Logstore journal segment %s ends in a torn record: %d bytes cut off", file, size - position);
            }
            return position;
        }
    }

    /** Called (on an appending or syncing thread) whenever more bytes became durable. */
    void onDurable(Runnable listener) {
        this.onDurable = listener;
    }

    /** Appends one record; returns the offset just past it, which {@link #awaitDurable} takes. */
    long append(byte[] payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length);
        frame.putInt(payload.length).putInt(crc32c(payload)).put(payload).flip();
        long end;
        synchronized (appendLock) {
            if (closed) {
                throw new IOException("the local Logstore journal is closed");
            }
            if (written > writeBase && written - writeBase + frame.remaining() > segmentBytes) {
                roll();
            }
            while (frame.hasRemaining()) {
                writeChannel.write(frame);
            }
            end = written + HEADER + payload.length;
            written = end;
        }
        if (!fsync) {
            advanceDurable(end);
        }
        return end;
    }

    /**
     * Returns once every byte before {@code offset} is on disk. Whoever syncs covers everything
     * appended so far, so concurrent requests share one fsync.
     */
    void awaitDurable(long offset) throws IOException {
        if (durable >= offset) {
            return;
        }
        synchronized (syncLock) {
            if (durable >= offset) {
                return;
            }
            long target;
            FileChannel channel;
            synchronized (appendLock) {
                target = written;
                channel = writeChannel;
            }
            // bytes of earlier segments were forced when they were rolled
            channel.force(false);
            advanceDurable(target);
        }
    }

    private void advanceDurable(long offset) {
        synchronized (syncLock) {
            if (offset > durable) {
                durable = offset;
            }
        }
        onDurable.run();
    }

    /** Offset up to which records are durable and may be read. */
    long durableEnd() {
        return durable;
    }

    /**
     * Durable records from {@code from} on, in order, about {@code maxBytes} of them (at least
     * one if there is one). A {@code from} before the oldest segment starts at the oldest segment.
     */
    List<Entry> read(long from, long maxBytes) throws IOException {
        long end = durable;
        List<Entry> entries = new ArrayList<>();
        long position = Math.max(from, firstOffset());
        long budget = maxBytes;
        while (position < end && (entries.isEmpty() || budget > 0)) {
            long base = segmentOf(position);
            long next = nextBase(base);
            try (FileChannel channel = FileChannel.open(segment(base), StandardOpenOption.READ)) {
                ByteBuffer header = ByteBuffer.allocate(HEADER);
                while (position < end && position < next && (entries.isEmpty() || budget > 0)) {
                    header.clear();
                    readFully(channel, header, position - base);
                    header.flip();
                    int length = header.getInt();
                    int crc = header.getInt();
                    ByteBuffer payload = ByteBuffer.allocate(length);
                    readFully(channel, payload, position - base + HEADER);
                    if (crc32c(payload.array()) != crc) {
                        throw new IOException("the local Logstore journal record at offset " + position + " in "
                                + segment(base) + " fails its checksum");
                    }
                    long following = position + HEADER + length;
                    entries.add(new Entry(position, following, payload.array()));
                    budget -= HEADER + length;
                    position = following;
                }
            }
        }
        return entries;
    }

    /** Deletes the segments whose every record lies before {@code offset}; never the one being written. */
    void deleteBefore(long offset) throws IOException {
        List<Long> doomed = new ArrayList<>();
        synchronized (appendLock) {
            while (bases.size() > 1 && bases.get(1) <= offset) {
                doomed.add(bases.remove(0));
            }
        }
        for (long base : doomed) {
            Files.deleteIfExists(segment(base));
        }
    }

    /** Bytes the journal holds on disk. */
    long diskBytes() {
        synchronized (appendLock) {
            return written - bases.get(0);
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (syncLock) {
            synchronized (appendLock) {
                if (closed) {
                    return;
                }
                closed = true;
                writeChannel.force(false);
                writeChannel.close();
            }
        }
    }

    private void roll() throws IOException {
        writeChannel.force(false);
        writeChannel.close();
        writeBase = written;
        bases.add(writeBase);
        writeChannel = FileChannel.open(segment(writeBase), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        syncDirectory();
    }

    private long firstOffset() {
        synchronized (appendLock) {
            return bases.get(0);
        }
    }

    private long segmentOf(long offset) {
        synchronized (appendLock) {
            for (int i = bases.size() - 1; i >= 0; i--) {
                if (bases.get(i) <= offset) {
                    return bases.get(i);
                }
            }
            return bases.get(0);
        }
    }

    private long nextBase(long base) {
        synchronized (appendLock) {
            int index = bases.indexOf(base);
            return index + 1 < bases.size() ? bases.get(index + 1) : Long.MAX_VALUE;
        }
    }

    private Path segment(long base) {
        return dir.resolve(String.format("%020d%s", base, SUFFIX));
    }

    private List<Long> listSegments() throws IOException {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    found.add(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())));
                } catch (NumberFormatException e) {
                    LOG.warnf("ignoring %s in the local Logstore journal: not a segment name", file);
                }
            }
        }
        found.sort(Long::compare);
        return found;
    }

    private void syncDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the segment data itself is forced
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new IOException("the local Logstore journal ends early");
            }
        }
    }

    private static int crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
