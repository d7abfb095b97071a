package io.logcamel.tail;

/** Where reading starts in a file that already existed the first time a config ran. */
public enum StartPosition {
    /** The last {@code tailSize} bytes (from the next line start), like Logtail's last 1 MB. */
    END,
    /** The whole file. */
    HEAD
}
