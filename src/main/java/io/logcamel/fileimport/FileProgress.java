package io.logcamel.fileimport;

/**
 * One file being imported, in memory: how far its delivered chunks reach and, once the reader hit
 * the end, where the end is. The file is complete, and may be recorded as imported, only when
 * the delivered part reaches the end.
 */
final class FileProgress {

    final String key;
    final String path;
    private long deliveredOffset;
    private long deliveredLines;
    private long endOffset = -1;
    private String readFailure;

    FileProgress(String key, String path, long deliveredOffset, long deliveredLines) {
        this.key = key;
        this.path = path;
        this.deliveredOffset = deliveredOffset;
        this.deliveredLines = deliveredLines;
    }

    synchronized long deliveredOffset() {
        return deliveredOffset;
    }

    synchronized long deliveredLines() {
        return deliveredLines;
    }

    synchronized void delivered(ImportPosition position) {
        deliveredOffset = position.offset();
        deliveredLines = position.lines();
    }

    synchronized void endOfFile(long offset) {
        endOffset = offset;
    }

    synchronized void readFailed(String reason) {
        readFailure = reason;
    }

    synchronized String readFailure() {
        return readFailure;
    }

    synchronized boolean complete() {
        return readFailure == null && endOffset >= 0 && deliveredOffset >= endOffset;
    }
}
