package io.logcamel.tail;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * One followed file: its open handle (or none while idle), identity, delivered offset and the
 * read pipeline (lines, optional multi-line records, the next batch).
 *
 * <p>Two offsets matter: {@code committedOffset} is what was delivered and checkpointed; the reader
 * is usually ahead of it. After a failed delivery the reader is sent back to the committed offset,
 * so data is read again rather than skipped.
 */
final class TailedFile {

    String path;
    FileChannel channel;
    FileIdentity identity;
    long committedOffset;
    final LineReader reader;
    final MultilineAssembler multiline;
    final BatchBuilder batch;
    boolean atEof;
    long lastGrowthAt;
    /** No longer found at any watched path: renamed away or deleted; read to its end, then closed. */
    boolean orphan;
    /** A batch of this file is being delivered: its checkpoint may not move past it yet. */
    boolean inFlight;
    long retryAt;
    long retryDelay;
    long closedSize = -1;
    long closedModified;

    TailedFile(String path, FileChannel channel, FileIdentity identity, long startOffset, LineReader reader,
               MultilineAssembler multiline, BatchBuilder batch, long now) {
        this.path = path;
        this.channel = channel;
        this.identity = identity;
        this.reader = reader;
        this.multiline = multiline;
        this.batch = batch;
        this.lastGrowthAt = now;
        if (multiline != null) {
            multiline.downstream(batch);
        }
        rewindTo(startOffset);
    }

    /** Where lines go from the reader: through multi-line assembly when configured. */
    LineSink lineSink() {
        return multiline != null ? multiline : batch;
    }

    /** The offset through which everything read was put in the batch or dropped: the batch's end. */
    long settledOffset() {
        return multiline != null ? multiline.settledOffset() : reader.lineBoundary();
    }

    /** Forgets everything read after {@code offset} (not delivered) and reads from there again. */
    void rewindTo(long offset) {
        committedOffset = offset;
        reader.reset(offset);
        if (multiline != null) {
            multiline.reset(offset);
        }
        batch.clear();
        atEof = false;
    }

    /** True when nothing read is waiting: no batch, no unfinished line, no open record. */
    boolean isSettled() {
        return batch.isEmpty() && !reader.hasPartialLine() && (multiline == null || !multiline.hasOpenRecord())
                && settledOffset() == committedOffset;
    }

    boolean isOpen() {
        return channel != null;
    }

    /** True when the head we identified the file by is no longer what the file starts with. */
    boolean headChanged() throws IOException {
        return identity.headSize() > 0 && FileIdentity.hashHead(channel, identity.headSize()) != identity.headHash();
    }

    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a read-only handle cannot lose data
            }
            channel = null;
        }
        reader.release();
    }
}
