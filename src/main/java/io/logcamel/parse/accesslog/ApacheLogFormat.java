package io.logcamel.parse.accesslog;

import io.logcamel.parse.OptionException;

import java.util.Locale;
import java.util.Map;

/**
 * Compiles an Apache httpd {@code LogFormat} string into an {@link AccessLogTemplate}. Fields
 * get nginx's variable names where nginx has an equivalent ({@code %h} is {@code remote_addr},
 * {@code %{Referer}i} is {@code http_referer}), so the same time and filter steps fit both.
 * {@code %t} writes its own brackets, so they become literals around {@code time_local}.
 */
public final class ApacheLogFormat {

    public static final String COMMON = "%h %l %u %t \"%r\" %>s %b";
    public static final String COMBINED = COMMON + " \"%{Referer}i\" \"%{User-agent}i\"";
    public static final String VHOST_COMBINED = "%v:%p " + COMBINED;

    private static final Map<String, String> PRESETS =
            Map.of("common", COMMON, "combined", COMBINED, "vhost_combined", VHOST_COMBINED);

    private static final Map<Character, String> SIMPLE = Map.ofEntries(
            Map.entry('h', "remote_addr"), Map.entry('a', "client_addr"), Map.entry('A', "server_addr"),
            Map.entry('l', "remote_ident"), Map.entry('u', "remote_user"), Map.entry('r', "request"),
            Map.entry('s', "status"), Map.entry('b', "body_bytes_sent"), Map.entry('B', "body_bytes"),
            Map.entry('D', "request_time_us"), Map.entry('T', "request_time_s"), Map.entry('v', "server_name"),
            Map.entry('V', "host"), Map.entry('p', "server_port"), Map.entry('P', "pid"),
            Map.entry('m', "request_method"), Map.entry('U', "uri"), Map.entry('q', "query_string"),
            Map.entry('H', "server_protocol"), Map.entry('I', "bytes_received"), Map.entry('O', "bytes_sent"),
            Map.entry('k', "keepalive_requests"), Map.entry('L', "log_id"), Map.entry('X', "connection_status"));

    private static final Map<Character, String> HEADER_PREFIXES = Map.of(
            'i', "http_", 'o', "sent_http_", 'e', "env_", 'C', "cookie_", 'n', "note_");

    private ApacheLogFormat() {
    }

    public static AccessLogTemplate compile(String definition) {
        if (definition == null || definition.isBlank()) {
            throw new OptionException("logFormat", "an Apache LogFormat string (or 'common'/'combined') is required");
        }
        String text = PRESETS.getOrDefault(definition.trim(), definition);
        AccessLogTemplate.Builder template = new AccessLogTemplate.Builder("logFormat");
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < length) {
                char escaped = text.charAt(i + 1);
                template.text(escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped);
                i += 2;
                continue;
            }
            if (c != '%') {
                template.text(c);
                i++;
                continue;
            }
            int start = i;
            i++;
            // modifiers: status-code conditions (%400,501{..}i, %!200h) and original/final (%<s %>s)
            while (i < length && "<>!,0123456789".indexOf(text.charAt(i)) >= 0) {
                i++;
            }
            String argument = null;
            if (i < length && text.charAt(i) == '{') {
                int close = text.indexOf('}', i);
                if (close < 0) {
                    throw new OptionException("logFormat", "unclosed '%{' at position " + start);
                }
                argument = text.substring(i + 1, close);
                i = close + 1;
            }
            if (i >= length) {
                throw new OptionException("logFormat", "'%' at the end of the format");
            }
            char directive = text.charAt(i++);
            String written = text.substring(start, i);
            if (directive == '%') {
                template.text('%');
            } else if (directive == 't') {
                if (argument == null) {
                    template.text('[').field("time_local", written).text(']');
                } else {
                    template.field("time", written);
                }
            } else if (argument != null && HEADER_PREFIXES.containsKey(directive)) {
                template.field(HEADER_PREFIXES.get(directive)
                        + argument.toLowerCase(Locale.ROOT).replace('-', '_'), written);
            } else if (argument == null && SIMPLE.containsKey(directive)) {
                template.field(SIMPLE.get(directive), written);
            } else {
                throw new OptionException("logFormat", "unsupported directive " + written);
            }
        }
        return template.build(definition);
    }
}
