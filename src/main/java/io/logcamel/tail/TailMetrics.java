package io.logcamel.tail;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one tail endpoint. Loss must show up as a number somewhere: truncations, discarded
 * lines, split lines and replaced bytes are all counted. Micrometer binds to these later.
 */
public final class TailMetrics {

    final AtomicLong linesDelivered = new AtomicLong();
    final AtomicLong bytesDelivered = new AtomicLong();
    final AtomicLong batchesDelivered = new AtomicLong();
    final AtomicLong batchesFailed = new AtomicLong();
    final AtomicLong truncationsDetected = new AtomicLong();
    final AtomicLong rotationsDetected = new AtomicLong();
    final AtomicLong linesSplit = new AtomicLong();
    final AtomicLong multilineUnmatchedDiscarded = new AtomicLong();
    final AtomicLong invalidEncodingReplacements = new AtomicLong();
    final AtomicLong filesOpen = new AtomicLong();
    final AtomicLong filesDiscovered = new AtomicLong();
    final AtomicLong readErrors = new AtomicLong();
    final AtomicLong sweeps = new AtomicLong();
    final AtomicLong compressedFilesSkipped = new AtomicLong();
    final AtomicLong filesRecoveredAtStart = new AtomicLong();
    final AtomicLong filesRecoveredAfterRotation = new AtomicLong();
    final AtomicLong bytesLostToTruncation = new AtomicLong();
    final AtomicLong linesLostToTruncation = new AtomicLong();
    final AtomicLong readAheadBytes = new AtomicLong();
    final AtomicLong linesRead = new AtomicLong();
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong bytesBehind = new AtomicLong();
    final AtomicLong checkpointWriteFailures = new AtomicLong();
    /** Epoch millis since checkpoints could not be written, 0 while they can. */
    final AtomicLong checkpointFailingSince = new AtomicLong();
    volatile String checkpointError = "";

    /** Lines (records) read from files and handed to delivery, including those read again after a failure. */
    public long getLinesRead() {
        return linesRead.get();
    }

    /** File bytes read and handed to delivery. */
    public long getBytesRead() {
        return bytesRead.get();
    }

    /** Sum over open files of size minus acknowledged offset: what is still to be delivered. */
    public long getBytesBehind() {
        return bytesBehind.get();
    }

    /** Checkpoint writes that failed (disk full, read-only, permissions); each is retried. */
    public long getCheckpointWriteFailures() {
        return checkpointWriteFailures.get();
    }

    /** Epoch millis of the first failed checkpoint write since the last good one; 0 while writes succeed. */
    public long getCheckpointFailingSince() {
        return checkpointFailingSince.get();
    }

    /** The last checkpoint write error (empty while writes succeed). */
    public String getCheckpointError() {
        return checkpointError;
    }

    void checkpointWritten(boolean ok, String error) {
        if (ok) {
            checkpointFailingSince.set(0);
            checkpointError = "";
        } else {
            checkpointWriteFailures.incrementAndGet();
            checkpointFailingSince.compareAndSet(0, System.currentTimeMillis());
            checkpointError = error == null ? "" : error;
        }
    }

    final AtomicLong containerLinesInvalid = new AtomicLong();
    final AtomicLong kubernetesApiAvailable = new AtomicLong();

    /** With kubernetesApi: 1 while the watch of the pods is current, 0 while the API is away (path metadata only). */
    public long getKubernetesApiAvailable() {
        return kubernetesApiAvailable.get();
    }

    /** Lines of a container-log file not in its format (CRI, Docker): passed on raw, without time or stream. */
    public long getContainerLinesInvalid() {
        return containerLinesInvalid.get();
    }

    /** Lines (records, with multi-line) in successfully delivered batches. */
    public long getLinesDelivered() {
        return linesDelivered.get();
    }

    /** File bytes covered by successfully delivered batches. */
    public long getBytesDelivered() {
        return bytesDelivered.get();
    }

    public long getBatchesDelivered() {
        return batchesDelivered.get();
    }

    /** Exchanges that completed with an exception; their data is read again later. */
    public long getBatchesFailed() {
        return batchesFailed.get();
    }

    /** Files found shorter than the read offset or with a changed head: read again from 0. */
    public long getTruncationsDetected() {
        return truncationsDetected.get();
    }

    /** Files that moved away from a watched path (renamed or deleted) while open. */
    public long getRotationsDetected() {
        return rotationsDetected.get();
    }

    /** Lines longer than {@code maxLineSize} that were cut into parts. */
    public long getLinesSplit() {
        return linesSplit.get();
    }

    public long getMultilineUnmatchedDiscarded() {
        return multilineUnmatchedDiscarded.get();
    }

    /** Malformed byte sequences replaced by U+FFFD while decoding. */
    public long getInvalidEncodingReplacements() {
        return invalidEncodingReplacements.get();
    }

    public long getFilesOpen() {
        return filesOpen.get();
    }

    public long getFilesDiscovered() {
        return filesDiscovered.get();
    }

    /** I/O errors while reading a file; the file is retried. */
    public long getReadErrors() {
        return readErrors.get();
    }

    /** Completed discovery sweeps (the first one decides which files count as pre-existing). */
    public long getSweeps() {
        return sweeps.get();
    }

    /**
     * Files matching {@code include} whose first bytes are a compressed stream: never read as text.
     * (Files with a compressed name, {@code .gz} and the like, are passed over without being opened.)
     */
    public long getCompressedFilesSkipped() {
        return compressedFilesSkipped.get();
    }

    /** Files rotated while the agent was stopped, found at start by identity or rotated name and read to their end. */
    public long getFilesRecoveredAtStart() {
        return filesRecoveredAtStart.get();
    }

    /**
     * Files created and rotated away so fast that discovery never saw them under a watched name,
     * found among the rotated names of their directory and read from their start.
     */
    public long getFilesRecoveredAfterRotation() {
        return filesRecoveredAfterRotation.get();
    }

    /**
     * Bytes known to have been in a file that was truncated and that exist nowhere the tail could
     * read them: written after logrotate's copy and before its truncate, or (no copy found) not yet
     * read. A lower bound: bytes written after the last size the tail saw are not known.
     */
    public long getBytesLostToTruncation() {
        return bytesLostToTruncation.get();
    }

    /** {@link #getBytesLostToTruncation()} in lines, estimated from the file's average line length. */
    public long getLinesLostToTruncation() {
        return linesLostToTruncation.get();
    }

    /** Bytes read but not yet acknowledged (queued or in flight), bounded by {@code readAheadBytes}. */
    public long getReadAheadBytes() {
        return readAheadBytes.get();
    }

    @Override
    public String toString() {
        return "lines=" + getLinesDelivered() + " bytes=" + getBytesDelivered() + " batches=" + getBatchesDelivered()
                + " failed=" + getBatchesFailed() + " truncations=" + getTruncationsDetected()
                + " rotations=" + getRotationsDetected() + " split=" + getLinesSplit()
                + " discarded=" + getMultilineUnmatchedDiscarded() + " replacements=" + getInvalidEncodingReplacements()
                + " open=" + getFilesOpen() + " recovered=" + getFilesRecoveredAtStart()
                + " truncationLostBytes=" + getBytesLostToTruncation() + " readAhead=" + getReadAheadBytes();
    }
}
