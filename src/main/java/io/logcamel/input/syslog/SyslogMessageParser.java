package io.logcamel.input.syslog;

import io.logcamel.event.LogEvent;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Parses one syslog message, RFC 5424 or RFC 3164 (told apart by the version digit after the
 * PRI), into a {@link LogEvent} whose time is the message's timestamp. A message without a valid
 * PRI is kept whole as {@code content} plus a {@code parse_error} field, never dropped.
 *
 * <p>Fields, each only when the message has it (RFC 5424's {@code -} means absent): {@code protocol}
 * ({@code rfc5424}/{@code rfc3164}), {@code priority} (the PRI number), {@code facility} and
 * {@code severity} (names), {@code timestamp} (as sent), {@code hostname}, {@code app_name} (the
 * 3164 tag), {@code proc_id}, {@code msg_id}, {@code structured_data} (as sent) with one
 * {@code sd.<id>.<param>} field per parameter, and {@code message}.
 */
public final class SyslogMessageParser {

    public static final String PARSE_ERROR = "parse_error";

    private final ZoneId rfc3164Zone;

    /** @param rfc3164Zone the zone RFC 3164 timestamps (which carry none) are read in */
    public SyslogMessageParser(ZoneId rfc3164Zone) {
        this.rfc3164Zone = rfc3164Zone;
    }

    /** Parses {@code text}; {@code received} is the event time when the message carries none. */
    public LogEvent parse(String text, Instant received) {
        LogEvent event = new LogEvent(received.getEpochSecond(), received.getNano());
        if (text.length() < 3 || text.charAt(0) != '<') {
            return malformed(event, text, "no <PRI> at the start");
        }
        int close = text.indexOf('>', 1);
        if (close < 2 || close > 4) {
            return malformed(event, text, "no <PRI> at the start");
        }
        int priority = digits(text, 1, close);
        if (priority < 0 || priority > SyslogPriority.MAX) {
            return malformed(event, text, "PRI out of range: " + text.substring(1, close));
        }
        int versionEnd = close + 1;
        while (versionEnd < text.length() && versionEnd - close <= 3 && Character.isDigit(text.charAt(versionEnd))) {
            versionEnd++;
        }
        boolean rfc5424 = versionEnd > close + 1 && versionEnd < text.length() && text.charAt(versionEnd) == ' ';
        event.add("protocol", rfc5424 ? "rfc5424" : "rfc3164")
                .add("priority", Integer.toString(priority))
                .add("facility", SyslogPriority.facilityName(priority))
                .add("severity", SyslogPriority.severityName(priority));
        String error = rfc5424
                ? parse5424(text, versionEnd + 1, event)
                : parse3164(text, close + 1, event, received);
        if (error != null) {
            event.clearContents();
            return malformed(event, text, error);
        }
        return event;
    }

    private static String parse5424(String text, int from, LogEvent event) {
        Cursor cursor = new Cursor(text, from);
        String timestamp = cursor.token();
        String hostname = cursor.token();
        String appName = cursor.token();
        String procId = cursor.token();
        String msgId = cursor.token();
        if (msgId == null) {
            return "RFC 5424 header incomplete";
        }
        if (!"-".equals(timestamp)) {
            Instant time = SyslogTimestamps.parseRfc3339(timestamp);
            if (time == null) {
                return "invalid RFC 5424 timestamp: " + timestamp;
            }
            event.setTime(time.getEpochSecond(), time.getNano());
            event.add("timestamp", timestamp);
        }
        addUnlessNil(event, "hostname", hostname);
        addUnlessNil(event, "app_name", appName);
        addUnlessNil(event, "proc_id", procId);
        addUnlessNil(event, "msg_id", msgId);
        int sdStart = cursor.position;
        if (sdStart >= text.length()) {
            return "RFC 5424 structured data missing";
        }
        int sdEnd;
        if (text.charAt(sdStart) == '-') {
            sdEnd = sdStart + 1;
        } else if (text.charAt(sdStart) == '[') {
            sdEnd = StructuredData.end(text, sdStart);
            if (sdEnd < 0) {
                return "unterminated RFC 5424 structured data";
            }
            String sd = text.substring(sdStart, sdEnd);
            event.add("structured_data", sd);
            StructuredData.flatten(sd, event);
        } else {
            return "RFC 5424 structured data neither '-' nor '['";
        }
        if (sdEnd < text.length()) {
            int messageStart = text.charAt(sdEnd) == ' ' ? sdEnd + 1 : sdEnd;
            if (text.startsWith("\uFEFF", messageStart)) {
                messageStart++; // the BOM marks the message as UTF-8; it is not part of it
            }
            event.add("message", text.substring(messageStart));
        } else {
            event.add("message", "");
        }
        return null;
    }

    private String parse3164(String text, int from, LogEvent event, Instant received) {
        int pos = from;
        Instant time = SyslogTimestamps.parseRfc3164(text, pos, rfc3164Zone, received);
        int timestampEnd = pos + 15;
        if (time == null && pos < text.length() && Character.isDigit(text.charAt(pos))) {
            // Many senders (rsyslog, journald forwarders) put an RFC 3339 timestamp in the 3164 layout.
            int space = text.indexOf(' ', pos);
            timestampEnd = space < 0 ? text.length() : space;
            time = SyslogTimestamps.parseRfc3339(text.substring(pos, timestampEnd));
        }
        if (time == null) {
            // RFC 3164 4.3.3: without a valid timestamp everything after the PRI is the message.
            event.add("message", text.substring(pos));
            return null;
        }
        event.setTime(time.getEpochSecond(), time.getNano());
        event.add("timestamp", text.substring(pos, timestampEnd));
        Cursor cursor = new Cursor(text, timestampEnd + 1);
        String hostname = cursor.token();
        if (hostname != null && !hostname.isEmpty()) {
            event.add("hostname", hostname);
        }
        String rest = cursor.position < text.length() ? text.substring(cursor.position) : "";
        int tagEnd = 0;
        while (tagEnd < rest.length() && tagEnd < 48 && "[: ".indexOf(rest.charAt(tagEnd)) < 0) {
            tagEnd++;
        }
        int messageStart = 0;
        if (tagEnd > 0 && tagEnd < rest.length() && rest.charAt(tagEnd) == '[') {
            int pidEnd = rest.indexOf(']', tagEnd);
            if (pidEnd > 0 && pidEnd + 1 < rest.length() && rest.charAt(pidEnd + 1) == ':') {
                event.add("app_name", rest.substring(0, tagEnd));
                event.add("proc_id", rest.substring(tagEnd + 1, pidEnd));
                messageStart = pidEnd + 2;
            }
        } else if (tagEnd > 0 && tagEnd < rest.length() && rest.charAt(tagEnd) == ':') {
            event.add("app_name", rest.substring(0, tagEnd));
            messageStart = tagEnd + 1;
        }
        if (messageStart > 0 && messageStart < rest.length() && rest.charAt(messageStart) == ' ') {
            messageStart++;
        }
        event.add("message", rest.substring(Math.min(messageStart, rest.length())));
        return null;
    }

    private static LogEvent malformed(LogEvent event, String text, String reason) {
        return event.add(LogEvent.CONTENT, text).add(PARSE_ERROR, reason);
    }

    private static void addUnlessNil(LogEvent event, String key, String value) {
        if (!"-".equals(value)) {
            event.add(key, value);
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Space-separated header tokens. */
    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text, int position) {
            this.text = text;
            this.position = position;
        }

        /** The next token, or null when the text ends first. */
        String token() {
            if (position >= text.length()) {
                return null;
            }
            int space = text.indexOf(' ', position);
            if (space < 0) {
                return null;
            }
            String token = text.substring(position, space);
            position = space + 1;
            return token;
        }
    }
}
