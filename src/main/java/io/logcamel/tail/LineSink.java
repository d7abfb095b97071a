package io.logcamel.tail;

/** Receives lines (or assembled records) with the file offset just past them. */
@FunctionalInterface
public interface LineSink {

    /**
     * @param text      the decoded line, without its {@code \n} or {@code \r\n}
     * @param endOffset the file offset just after the line's last byte (and its newline)
     * @param part      0 for a whole line; 1, 2, ... for the parts of a line split at the maximum line size
     * @return false when the receiver is full and reading should pause (the line itself was taken)
     */
    boolean accept(String text, long endOffset, int part);

    /**
     * A line as the file's bytes {@code buffer[from, to)}, valid only during the call. Receivers
     * that can keep a line as bytes override this; the others get it decoded.
     */
    default boolean accept(byte[] buffer, int from, int to, LineDecoder decoder, long endOffset, int part) {
        return accept(decoder.decode(buffer, from, to), endOffset, part);
    }

    /**
     * A line with what its container runtime recorded about it (container-log formats).
     *
     * @param origin the time and stream the runtime recorded, or null (a plain line: its read time)
     */
    default boolean accept(String text, long endOffset, int part, LineOrigin origin) {
        return accept(text, endOffset, part);
    }
}
