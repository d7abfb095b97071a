package io.logcamel.localstore;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: status, extra headers and a body (empty for PutLogs' success). */
record Reply(int status, Map<String, String> headers, byte[] body) {

    static Reply empty() {
        return new Reply(200, new LinkedHashMap<>(), new byte[0]);
    }

    static Reply json(int status, byte[] json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return new Reply(status, headers, json);
    }

    static Reply error(LogstoreError error) {
        return json(error.status(), ("{\"errorCode\":" + quote(error.code()) + ",\"errorMessage\":"
                + quote(error.getMessage()) + "}").getBytes(StandardCharsets.UTF_8));
    }

    Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
