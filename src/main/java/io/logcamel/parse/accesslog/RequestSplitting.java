package io.logcamel.parse.accesslog;

import io.logcamel.parse.LineFormat;
import io.logcamel.parse.LineParser;
import io.logcamel.parse.ParsedFields;

/**
 * Splits the request line field ({@code GET /a?b=1 HTTP/1.1}) into nginx's
 * {@code request_method}, {@code request_uri} and {@code server_protocol}, in its place. A
 * request that is not three parts (a probe sending garbage, {@code -}) is left whole: no data
 * is lost, and the event still says what arrived.
 */
public final class RequestSplitting implements LineFormat {

    private final LineFormat inner;

    public RequestSplitting(LineFormat inner) {
        this.inner = inner;
    }

    @Override
    public LineParser newParser() {
        LineParser parser = inner.newParser();
        return (line, out) -> {
            String failure = parser.parse(line, out);
            if (failure == null) {
                split(out);
            }
            return failure;
        };
    }

    private static void split(ParsedFields out) {
        for (int i = 0; i < out.size(); i++) {
            if (!out.key(i).equals("request")) {
                continue;
            }
            String request = out.value(i);
            int first = request.indexOf(' ');
            int last = request.lastIndexOf(' ');
            if (first > 0 && last > first + 1 && last < request.length() - 1) {
                out.replace(i, "request_method", request.substring(0, first),
                        "request_uri", request.substring(first + 1, last),
                        "server_protocol", request.substring(last + 1));
            }
            return;
        }
    }
}
