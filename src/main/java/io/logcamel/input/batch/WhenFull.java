package io.logcamel.input.batch;

import java.util.Locale;

/** What a {@code batch:} producer does with an event when the queue holds {@code maxPending} full batches. */
public enum WhenFull {
    /** The caller waits until the consumer took a batch: for inputs whose thread may wait (Debezium, SQL, HTTP). */
    BLOCK,
    /** The event is dropped and counted: for UDP, whose reader must never wait (the kernel would drop instead, uncounted). */
    DROP,
    /**
     * The {@code flowControl} input is paused (a TCP listener stops reading its sockets) and the events it
     * already read are still taken: the queue overshoots by at most what one read brought in.
     */
    PAUSE;

    static WhenFull parse(String text) {
        for (WhenFull value : values()) {
            if (value.name().equalsIgnoreCase(text.trim())) {
                return value;
            }
        }
        throw new IllegalArgumentException("whenFull must be block, drop or pause, was '" + text + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
