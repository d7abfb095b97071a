package io.logcamel.tail;

/** How the lines of a file are framed. */
public enum ContainerLogFormat {
    /** Plain text: each line is a record (the default). */
    PLAIN,
    /** The CRI log format of containerd and CRI-O: {@code <RFC 3339 time> <stdout|stderr> <P|F> <content>}. */
    CRI,
    /** Docker's json-file driver: {@code {"log":"...\n","stream":"stdout","time":"..."}}. */
    DOCKER,
    /** Per line: Docker's JSON when it starts with a brace, CRI otherwise. */
    AUTO
}
