package io.logcamel.tail;

import io.logcamel.checkpoint.FileCheckpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * One followed file: its descriptor (or none while idle), identity, the read pipeline (lines,
 * optional multi-line records, the next batch) and its place in delivery.
 *
 * <p>Three offsets matter: {@code committedOffset} is what was acknowledged and checkpointed;
 * {@code emittedOffset} is the end of the last batch handed to delivery; the reader is at or past
 * both. A failed batch sends the reader back to the committed offset under a new generation, so
 * the batches read after it become stale and the same data is read and sent again, never skipped.
 *
 * <p>Only the reader thread touches it, except {@link #reject}, which delivery calls so that stale
 * batches are skipped before the reader has even seen the failure.
 */
final class FileFollower {

    /** Where a followed file is in its life. */
    enum State {
        /** Opened (by discovery, or found at start); nothing read yet. */
        OPEN,
        /** The last read returned data. */
        READING,
        /** Read to its end; waiting for it to grow. */
        AT_EOF,
        /** No longer at a watched path (renamed away or deleted): drained through its descriptor, then closed. */
        ROTATED,
        /** logrotate's copy of a truncated file (copytruncate): its unread rest is drained, then closed. */
        TRUNCATED,
        /** Closed while idle; reopened when its size or modification time changes. */
        IDLE,
        /** Done: read to its end and let go. */
        CLOSED
    }

    String path;
    FileChannel channel;
    FileIdentity identity;
    State state = State.OPEN;
    long committedOffset;
    long emittedOffset;
    final LineReader reader;
    final MultilineAssembler multiline;
    /** Container-log framing (time, stream, partial lines) before multi-line assembly, or null for plain files. */
    ContainerLogJoiner container;
    final BatchBuilder batch;
    final OrderedAcks acks = new OrderedAcks();
    int generation;
    private volatile int rejectedGeneration = -1;
    long nextBatchId;
    long lastGrowthAt;
    /** The largest size seen of the current content: what truncation accounting knows was there. */
    long lastSeenSize;
    long retryAt;
    long retryDelay;
    long closedSize = -1;
    long closedModified;
    /** The content is gone (truncated, no copy found): acknowledgements move no checkpoint. */
    boolean detached;
    private boolean atEof;

    FileFollower(String path, FileChannel channel, FileIdentity identity, long startOffset, LineReader reader,
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

    String key() {
        return FileCheckpoint.key(identity.device(), identity.inode());
    }

    /** Reads container logs: the runtime's framing is taken apart before multi-line assembly. */
    void frameAs(ContainerLogJoiner joiner) {
        container = joiner;
        joiner.downstream(multiline != null ? multiline : batch);
        joiner.reset(committedOffset);
    }

    /** Where lines go from the reader: through the container framing and multi-line assembly when configured. */
    LineSink lineSink() {
        if (container != null) {
            return container;
        }
        return multiline != null ? multiline : batch;
    }

    /** The offset through which everything read was put in a batch or dropped. */
    long settledOffset() {
        if (container != null) {
            return multiline != null ? Math.min(container.settledOffset(), multiline.settledOffset()) : container.settledOffset();
        }
        return multiline != null ? multiline.settledOffset() : reader.lineBoundary();
    }

    /** Forgets everything read after {@code offset} and reads from there again. */
    void rewindTo(long offset) {
        committedOffset = offset;
        emittedOffset = offset;
        reader.reset(offset);
        if (container != null) {
            container.reset(offset);
        }
        if (multiline != null) {
            multiline.reset(offset);
        }
        batch.clear();
        atEof = false;
    }

    /** Delivery saw a batch of this generation fail: it and every later batch of the generation are stale. */
    void reject(int failedGeneration) {
        if (failedGeneration > rejectedGeneration) {
            rejectedGeneration = failedGeneration;
        }
    }

    int rejectedGeneration() {
        return rejectedGeneration;
    }

    /** True when nothing read is waiting: no batch, no unfinished line, no open record, nothing unacknowledged. */
    boolean isSettled() {
        return batch.isEmpty() && !reader.hasPartialLine() && (container == null || !container.hasPending())
                && (multiline == null || !multiline.hasOpenRecord())
                && settledOffset() == committedOffset && acks.isEmpty();
    }

    boolean isOpen() {
        return channel != null;
    }

    /** Renamed away, deleted, or a copytruncate copy: read to its end, then let go. */
    boolean isOrphan() {
        return state == State.ROTATED || state == State.TRUNCATED;
    }

    boolean atEof() {
        return atEof;
    }

    void markEof() {
        atEof = true;
        if (state == State.OPEN || state == State.READING) {
            state = State.AT_EOF;
        }
    }

    void markRead(long now) {
        atEof = false;
        lastGrowthAt = now;
        if (state == State.OPEN || state == State.AT_EOF) {
            state = State.READING;
        }
    }

    /**
     * What the file's size says now. Growth counts as activity even when there is no room to read
     * it yet, and a file with bytes beyond what was read is not at its end: an orphan that grew while
     * the read-ahead was full must not be taken for finished and closed with those bytes unread.
     */
    void observeSize(long size, long now) {
        if (size > lastSeenSize) {
            lastSeenSize = size;
            lastGrowthAt = now;
        }
        if (size > reader.readPosition()) {
            atEof = false;
        }
    }

    /** True when the file holds bytes beyond what was read (or its size cannot be told). */
    boolean hasUnreadBytes() {
        try {
            return channel != null && channel.size() > reader.readPosition();
        } catch (IOException e) {
            return true; // the next read reports the error; closing now could lose what is left
        }
    }

    /** True when the head we identified the file by is no longer what the file starts with. */
    boolean headChanged() throws IOException {
        return identity.headSize() > 0 && FileIdentity.hashHead(channel, identity.headSize()) != identity.headHash();
    }

    /** Continues on another file with the same content up to here: logrotate's copy of a truncated file. */
    void moveTo(String copyPath, FileChannel copy, long device, long inode, long now) {
        path = copyPath;
        channel = copy;
        identity = new FileIdentity(device, inode, identity.headHash(), identity.headSize());
        state = State.TRUNCATED;
        atEof = false;
        lastGrowthAt = now;
    }

    /** Passes on an unfinished last line and an open record (the file is done or its content gone). */
    void passOnUnfinished() {
        reader.flushPartialLine(lineSink());
        if (container != null) {
            container.flush();
        }
        if (multiline != null) {
            multiline.closeRecord();
        }
    }

    void close() {
        if (channel != null) {
            Discovery.close(channel);
            channel = null;
        }
        reader.release();
    }
}
