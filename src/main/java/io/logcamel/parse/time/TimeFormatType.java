package io.logcamel.parse.time;

/** How the {@code format} option of {@code time:parse} is read. */
public enum TimeFormatType {
    /** strftime/strptime directives such as {@code %d/%b/%Y:%H:%M:%S %z}. */
    strftime,
    /** A java.time.format.DateTimeFormatter pattern, or a constant name such as ISO_OFFSET_DATE_TIME. */
    java,
    /** Seconds since the epoch, optionally with a fraction: 1732406400.123456789. */
    epochSeconds,
    /** Milliseconds since the epoch, optionally with a fraction. */
    epochMillis,
    /** Microseconds since the epoch. */
    epochMicros,
    /** Nanoseconds since the epoch. */
    epochNanos
}
