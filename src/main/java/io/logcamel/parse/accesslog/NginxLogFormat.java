package io.logcamel.parse.accesslog;

import io.logcamel.parse.OptionException;

import java.util.Map;

/**
 * Compiles an nginx {@code log_format} definition into an {@link AccessLogTemplate}: each
 * {@code $variable} (or {@code ${variable}}) becomes a field of that name, everything else is
 * literal text. A definition pasted from nginx.conf as several single-quoted strings
 * ({@code '$remote_addr - ' '"$request"'}) is joined first, the way nginx joins it.
 */
public final class NginxLogFormat {

    /** nginx's built-in format. */
    public static final String COMBINED = "$remote_addr - $remote_user [$time_local] \"$request\" "
            + "$status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"";
    /** The "main" format of the stock nginx.conf: combined plus X-Forwarded-For. */
    public static final String MAIN = COMBINED + " \"$http_x_forwarded_for\"";

    private static final Map<String, String> PRESETS = Map.of("combined", COMBINED, "main", MAIN);

    private NginxLogFormat() {
    }

    public static AccessLogTemplate compile(String definition) {
        if (definition == null || definition.isBlank()) {
            throw new OptionException("logFormat", "an nginx log_format definition (or 'combined'/'main') is required");
        }
        String text = PRESETS.getOrDefault(definition.trim(), joinQuotedPieces(definition));
        AccessLogTemplate.Builder template = new AccessLogTemplate.Builder("logFormat");
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c != '$') {
                template.text(c);
                continue;
            }
            String name;
            if (i + 1 < length && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new OptionException("logFormat", "unclosed '${' at position " + i);
                }
                name = text.substring(i + 2, close);
                i = close;
            } else {
                int end = i + 1;
                while (end < length && isNameChar(text.charAt(end))) {
                    end++;
                }
                name = text.substring(i + 1, end);
                i = end - 1;
            }
            if (name.isEmpty()) {
                throw new OptionException("logFormat", "'$' without a variable name at position " + i);
            }
            template.field(name, "$" + name);
        }
        return template.build(definition);
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** {@code '$a - ' '$b'} as written in nginx.conf becomes {@code $a - $b}; anything else is kept. */
    private static String joinQuotedPieces(String definition) {
        String trimmed = definition.trim();
        if (!trimmed.startsWith("'")) {
            return definition;
        }
        StringBuilder joined = new StringBuilder();
        int i = 0;
        while (i < trimmed.length()) {
            char c = trimmed.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c != '\'') {
                throw new OptionException("logFormat", "text outside the single-quoted pieces at position " + i);
            }
            int close = trimmed.indexOf('\'', i + 1);
            if (close < 0) {
                throw new OptionException("logFormat", "unclosed single quote at position " + i);
            }
            joined.append(trimmed, i + 1, close);
            i = close + 1;
        }
        return joined.toString();
    }
}
