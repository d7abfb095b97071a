package io.logcamel.tail;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads one file in large chunks and cuts it into lines at {@code \n}, knowing the file offset
 * after every line so that checkpoints always fall on a line boundary.
 *
 * <p>Only line slices are decoded; the scan for {@code \n} works on bytes. A line longer than the
 * maximum line size is cut into parts (at a character boundary for UTF-8) that are passed on with
 * their part number, so a 10 MB line costs at most one maximum-size buffer. The buffer starts
 * small and grows only while a file has more data than it holds, so thousands of quiet files cost
 * little memory.
 */
public final class LineReader {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final int INITIAL_BUFFER = 64 * 1024;
    private static final int MAX_CHUNK = 1024 * 1024;

    private final LineDecoder decoder;
    private final int maxLineSize;
    private final AtomicLong linesSplit;
    private byte[] buffer = new byte[0];
    private long bufferOffset;   // file offset of buffer[0]
    private int start;           // first byte not yet passed on as a line
    private int scan;            // where the search for the next '\n' resumes
    private int limit;           // end of valid bytes
    private int splitPart;       // parts already passed on of the line being read, 0 if none
    private boolean lastFillWasFull; // the file had more data than the buffer had room: grow it

    public LineReader(LineDecoder decoder, int maxLineSize, AtomicLong linesSplit) {
        this.decoder = decoder;
        this.maxLineSize = maxLineSize;
        this.linesSplit = linesSplit;
    }

    /** Forgets everything buffered and continues reading at {@code offset}. */
    public void reset(long offset) {
        bufferOffset = offset;
        start = scan = limit = 0;
        splitPart = 0;
    }

    /** The file offset of the next byte to read from the file. */
    public long readPosition() {
        return bufferOffset + limit;
    }

    /** The file offset just after the last line passed on. */
    public long lineBoundary() {
        return bufferOffset + start;
    }

    /** True when bytes of an unfinished last line are buffered. */
    public boolean hasPartialLine() {
        return limit > start;
    }

    /** Gives the buffer back (idle or closed file). */
    public void release() {
        if (start == limit) {
            bufferOffset += start;
            start = scan = limit = 0;
            buffer = new byte[0];
        }
    }

    /**
     * Reads the next chunk at {@link #readPosition()}.
     *
     * @return bytes read; 0 at end of file
     */
    public int fill(FileChannel channel) throws IOException {
        makeRoom();
        int free = Math.min(buffer.length - limit, MAX_CHUNK);
        int read = channel.read(ByteBuffer.wrap(buffer, limit, free), bufferOffset + limit);
        if (read <= 0) {
            lastFillWasFull = false;
            return 0;
        }
        lastFillWasFull = read == free;
        limit += read;
        return read;
    }

    /**
     * Forgets the bytes of the last {@link #fill} (they turned out to belong to new content: the file
     * was truncated and rewritten), as long as nothing was drained since.
     */
    public void discardLastFill(int read) {
        limit -= read;
        if (scan > limit) {
            scan = limit;
        }
    }

    /**
     * Passes on complete lines (and parts of over-long ones) until the sink asks to pause.
     *
     * @return false if the sink asked to pause
     */
    public boolean drain(LineSink sink) {
        while (true) {
            int newline = indexOfNewline(scan, limit);
            if (newline >= 0 && newline - start <= maxLineSize) {
                int end = newline > start && buffer[newline - 1] == '\r' ? newline - 1 : newline;
                int part = splitPart == 0 ? 0 : splitPart + 1;
                splitPart = 0;
                int from = start;
                start = scan = newline + 1;
                if (!sink.accept(buffer, from, end, decoder, bufferOffset + start, part)) {
                    return false;
                }
                continue;
            }
            if (newline >= 0 || limit - start > maxLineSize) {
                int cut = decoder.safeCut(buffer, start, start + maxLineSize);
                if (splitPart == 0) {
                    linesSplit.incrementAndGet();
                }
                splitPart++;
                int from = start;
                start = scan = cut;
                if (!sink.accept(buffer, from, cut, decoder, bufferOffset + start, splitPart)) {
                    return false;
                }
                continue;
            }
            scan = limit;
            return true;
        }
    }

    /** Passes on the buffered unfinished line as a line of its own (the last-line timeout expired). */
    public void flushPartialLine(LineSink sink) {
        if (!hasPartialLine()) {
            return;
        }
        int part = splitPart == 0 ? 0 : splitPart + 1;
        splitPart = 0;
        int from = start;
        start = scan = limit;
        sink.accept(buffer, from, limit, decoder, bufferOffset + start, part);
    }

    /** Finds '\n' eight bytes at a time: a byte equal to 0x0A becomes a zero byte, which the bit trick spots. */
    private int indexOfNewline(int from, int to) {
        byte[] bytes = buffer;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long word = (long) LONGS.get(bytes, i) ^ NEWLINES;
            long zeroBytes = (word - ONES) & ~word & HIGH_BITS;
            if (zeroBytes != 0) {
                return i + (Long.numberOfTrailingZeros(zeroBytes) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Moves the unfinished line to the front and grows the buffer while it is full of data. */
    private void makeRoom() {
        if (start > 0) {
            int remaining = limit - start;
            System.arraycopy(buffer, start, buffer, 0, remaining);
            bufferOffset += start;
            scan -= start;
            limit = remaining;
            start = 0;
        }
        if (buffer.length == 0) {
            buffer = new byte[INITIAL_BUFFER];
            return;
        }
        int target = buffer.length;
        if (lastFillWasFull && target < MAX_CHUNK) {
            target = Math.min(target * 2, MAX_CHUNK);
        }
        int needed = limit + INITIAL_BUFFER;
        if (needed > target) {
            target = Math.min(Math.max(target * 2, needed), maxLineSize + 1 + MAX_CHUNK);
        }
        if (target > buffer.length) {
            byte[] bigger = new byte[target];
            System.arraycopy(buffer, 0, bigger, 0, limit);
            buffer = bigger;
        }
    }
}
