package io.logcamel.input.syslog;

import io.logcamel.event.LogEvent;

/**
 * The STRUCTURED-DATA part of an RFC 5424 message: {@code [id name="value" ...][id2 ...]}.
 * Finds where it ends and flattens its parameters into {@code sd.<id>.<name>} fields.
 */
final class StructuredData {

    private StructuredData() {
    }

    /**
     * The index just past the structured data that starts at {@code from} (a {@code [}), or -1
     * when it is not well formed (an unterminated element or quoted value).
     */
    static int end(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) == '[') {
            boolean quoted = false;
            i++;
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted && c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ']' && !quoted) {
                    break;
                }
            }
            if (i >= text.length()) {
                return -1;
            }
            i++;
        }
        return i;
    }

    /** Adds one field per parameter of the well-formed structured data {@code sd}. */
    static void flatten(String sd, LogEvent event) {
        int i = 0;
        while (i < sd.length() && sd.charAt(i) == '[') {
            int idEnd = i + 1;
            while (idEnd < sd.length() && sd.charAt(idEnd) != ' ' && sd.charAt(idEnd) != ']') {
                idEnd++;
            }
            String id = sd.substring(i + 1, idEnd);
            i = idEnd;
            while (i < sd.length() && sd.charAt(i) == ' ') {
                int eq = sd.indexOf('=', i);
                if (eq < 0 || eq + 1 >= sd.length() || sd.charAt(eq + 1) != '"') {
                    return;
                }
                String name = sd.substring(i + 1, eq);
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; j < sd.length() && sd.charAt(j) != '"'; j++) {
                    char c = sd.charAt(j);
                    if (c == '\\' && j + 1 < sd.length() && "\"\\]".indexOf(sd.charAt(j + 1)) >= 0) {
                        c = sd.charAt(++j);
                    }
                    value.append(c);
                }
                event.put("sd." + id + "." + name, value.toString());
                i = j + 1;
            }
            i++; // the closing ]
        }
    }
}
