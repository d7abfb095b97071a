package io.logcamel.tail;

/**
 * What a container runtime recorded about a line besides its text: the time it was written
 * (seconds and nanoseconds since the epoch) and the stream it was written to. Lines of plain files
 * have none; their events carry the time they were read.
 */
public record LineOrigin(long seconds, int nanos, String stream) {

    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";
}
