package io.logcamel.input.syslog;

/**
 * One syslog message cut out of a TCP stream; {@code truncated} when it exceeded the frame limit;
 * {@code error} says why the frame is not a whole message (an octet-counted frame cut short by the
 * peer's close), else null.
 */
public record SyslogFrame(byte[] bytes, boolean truncated, String error) {

    public SyslogFrame(byte[] bytes, boolean truncated) {
        this(bytes, truncated, null);
    }
}
