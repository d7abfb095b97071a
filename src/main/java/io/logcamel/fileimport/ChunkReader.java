package io.logcamel.fileimport;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.tail.HostIdentity;
import io.logcamel.tail.LineDecoder;
import io.logcamel.tail.TailConstants;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads one file to import as a sequence of {@link LogBatch}es, one per chunk of lines, never the
 * whole file in memory: the split EIP pulls the chunks one by one. Gzip files (recognised by
 * their magic bytes, whatever their name) are decompressed on the fly; offsets count bytes of the
 * decompressed content, so a resumed import skips what was delivered before and reads on.
 *
 * <p>Lines longer than {@code maxLineSize} are passed on in parts with the field
 * {@code __split__}, as {@code tail:} does. A final line without a newline is passed on as it is.
 *
 * <p>Which chunks were delivered is told back by {@link ImportCommit} (by the split index); the
 * file's progress moves over the longest run of delivered chunks from the start, so it is right
 * even with parallel processing. A read error (a truncated gzip) is not thrown while the split
 * looks ahead, which would drop the chunk before it, but when the next chunk is asked for.
 */
final class ChunkReader implements Iterator<LogBatch>, Closeable {

    private static final int READ_BUFFER = 64 * 1024;

    private final FileProgress progress;
    private final ChunkOptions options;
    private final LineDecoder decoder;
    private final InputStream in;
    private final byte[] buffer = new byte[READ_BUFFER];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    private int lineLength;
    private int partsOfCurrentLine; // parts of an over-long line passed on so far
    private int lastPart;           // part number of the text readLine returned, 0 for a whole line
    private long offset;        // decompressed bytes consumed by lines passed on
    private long lines;
    private boolean endOfInput;
    private LogBatch pending;
    private Exception readError;           // met while reading the chunk passed on last: thrown after it
    private RuntimeException pendingFailure;
    private int emitted;
    private int committedThrough = -1;
    private final Map<Integer, ImportPosition> positions = new HashMap<>();
    private final Set<Integer> delivered = new HashSet<>();
    private boolean failed;

    private ChunkReader(InputStream in, FileProgress progress, ChunkOptions options) {
        this.in = in;
        this.progress = progress;
        this.options = options;
        this.decoder = new LineDecoder(options.charset(), options.invalidEncodingReplacements());
        this.offset = progress.deliveredOffset();
        this.lines = progress.deliveredLines();
    }

    /**
     * Opens {@code path} at the progress' delivered offset (decompressing gzip). A file that cannot
     * be opened or read up to there (a broken gzip header) is a read failure of the file.
     */
    static ChunkReader open(Path path, FileProgress progress, ChunkOptions options) throws IOException {
        InputStream in = null;
        try {
            in = isGzip(path) ? new GZIPInputStream(Files.newInputStream(path), READ_BUFFER) : new FileInputStream(path.toFile());
            long skip = progress.deliveredOffset();
            if (in instanceof FileInputStream file) {
                file.getChannel().position(skip);
            } else {
                in.skipNBytes(skip);
            }
            return new ChunkReader(in, progress, options);
        } catch (IOException | RuntimeException e) {
            if (in != null) {
                in.close();
            }
            String reason = "cannot read " + path + " up to byte " + progress.deliveredOffset() + " of its content (line "
                    + progress.deliveredLines() + "): " + e;
            progress.readFailed(reason);
            throw new IOException(reason, e);
        }
    }

    private static boolean isGzip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    FileProgress progress() {
        return progress;
    }

    @Override
    public boolean hasNext() {
        if (pending == null && pendingFailure == null && !endOfInput) {
            try {
                pending = readChunk();
            } catch (IOException | RuntimeException e) {
                readError = e;
            }
            if (pending == null && readError != null) {
                // the split asks for the next chunk before it sends the current one: failing here
                // would lose the current one, so the failure waits for next()
                String reason = "cannot read " + progress.path + " past line " + lines + " (byte " + offset
                        + " of its content): " + readError;
                progress.readFailed(reason);
                pendingFailure = new UncheckedIOException(new IOException(reason, readError));
            }
        }
        return pending != null || pendingFailure != null;
    }

    @Override
    public LogBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (pending == null) {
            RuntimeException failure = pendingFailure;
            pendingFailure = null;
            endOfInput = true; // thrown once: Camel walks the iterator again when it cleans up
            throw failure;
        }
        LogBatch batch = pending;
        pending = null;
        synchronized (this) {
            positions.put(emitted++, (ImportPosition) batch.position());
        }
        return batch;
    }

    /**
     * The chunk with split index {@code index} was delivered. Returns the position the file's
     * progress may now move to, or null when an earlier chunk is still outstanding (or failed).
     */
    synchronized ImportPosition delivered(int index) {
        if (failed) {
            return null;
        }
        delivered.add(index);
        ImportPosition through = null;
        while (delivered.remove(committedThrough + 1)) {
            committedThrough++;
            through = positions.remove(committedThrough);
        }
        return through;
    }

    /** A chunk was not delivered: the progress stays before it, whatever is delivered later. */
    synchronized void failed() {
        failed = true;
    }

    private LogBatch readChunk() throws IOException {
        if (readError != null) {
            return null;
        }
        List<LogEvent> events = new ArrayList<>(Math.min(options.maxBatchLines(), 1024));
        long bytes = 0;
        long now = System.currentTimeMillis();
        while (events.size() < options.maxBatchLines() && bytes < options.maxBatchBytes()) {
            String text;
            try {
                text = readLine();
            } catch (IOException e) {
                if (events.isEmpty()) {
                    throw e;
                }
                readError = e; // the lines read before it are passed on first
                break;
            }
            if (text == null) {
                endOfInput = true;
                progress.endOfFile(offset);
                break;
            }
            LogEvent event = LogEvent.ofContent(now / 1000, (int) (now % 1000) * 1_000_000, text);
            if (lastPart > 0) {
                event.add(TailConstants.FIELD_SPLIT, Integer.toString(lastPart));
            }
            events.add(event);
            bytes += text.length();
            lines++;
        }
        if (events.isEmpty()) {
            return null;
        }
        return new LogBatch(events)
                .source(HostIdentity.address())
                .tag(TailConstants.TAG_PATH, progress.path)
                .tag(TailConstants.TAG_HOSTNAME, HostIdentity.hostName())
                .position(new ImportPosition(progress.path, offset, lines));
    }

    /**
     * The next line or line part, or null at the end. Sets {@link #lastPart} (0 for a whole
     * line) and moves {@link #offset} past it.
     */
    private String readLine() throws IOException {
        while (true) {
            if (position == limit) {
                int read = in.read(buffer);
                if (read < 0) {
                    if (lineLength == 0) {
                        return null;
                    }
                    return takeLine(lineLength, lineLength, true); // the last line has no newline
                }
                position = 0;
                limit = read;
            }
            int newline = indexOf(buffer, position, limit);
            int end = newline < 0 ? limit : newline;
            int room = options.maxLineSize() - lineLength;
            if (end - position > room) {
                append(position, room);
                position += room;
                int cut = safeCut(lineLength);
                return takeLine(cut, cut, false);
            }
            append(position, end - position);
            position = end;
            if (newline >= 0) {
                position++;
                int textEnd = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
                return takeLine(textEnd, lineLength + 1, true);
            }
        }
    }

    /** Passes on {@code line[0, textEnd)}, consuming {@code consumed} bytes (with the newline) of the content. */
    private String takeLine(int textEnd, int consumed, boolean lineEnds) {
        String text = decoder.decode(line, 0, textEnd);
        int keep = lineLength - Math.min(consumed, lineLength); // what follows a cut stays for the next part
        System.arraycopy(line, lineLength - keep, line, 0, keep);
        lineLength = keep;
        offset += consumed;
        if (lineEnds) {
            lastPart = partsOfCurrentLine == 0 ? 0 : partsOfCurrentLine + 1;
            partsOfCurrentLine = 0;
        } else {
            lastPart = ++partsOfCurrentLine;
        }
        return text;
    }

    /**
     * Where {@code line[0, length)} can be cut without splitting a UTF-8 character. The bytes after
     * the cut may not be read yet, so this looks back: when the last character's lead byte promises
     * more bytes than are there, the cut moves before it. Other encodings are cut where they are.
     */
    private int safeCut(int length) {
        if (!options.charset().equals(StandardCharsets.UTF_8)) {
            return length;
        }
        int lead = length - 1;
        while (lead > 0 && length - lead < 4 && (line[lead] & 0xC0) == 0x80) {
            lead--;
        }
        int first = line[lead] & 0xFF;
        int size = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
        return lead + size > length && lead > 0 ? lead : length;
    }

    private void append(int from, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(lineLength + length, Math.min(line.length * 2, options.maxLineSize())));
        }
        System.arraycopy(buffer, from, line, lineLength, length);
        lineLength += length;
    }

    private static int indexOf(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
