package io.logcamel.parse.time;

/** The result slot of a {@link TimeParser}: epoch seconds and nanoseconds. One per batch. */
public final class ParsedTime {
    long seconds;
    int nanos;

    public long seconds() {
        return seconds;
    }

    public int nanos() {
        return nanos;
    }

    void set(long seconds, int nanos) {
        this.seconds = seconds;
        this.nanos = nanos;
    }
}
