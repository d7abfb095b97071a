package io.logcamel.input.syslog;

/** One syslog message cut out of a TCP stream; {@code truncated} when it exceeded the frame limit. */
public record SyslogFrame(byte[] bytes, boolean truncated) {
}
