package io.logcamel.configserver;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * The web console's files (HTML, JS, CSS in {@code configserver/console/} on the classpath),
 * served under {@code /console/}. A fixed list: a path never reaches the class loader, so nothing
 * but these files can be read. The files hold no data; the page asks the REST API with the admin
 * token the user types in.
 */
final class ConsoleFiles {

    static final String PREFIX = "/console/";

    /** A file to send: its bytes and content type. */
    record File(byte[] body, String type) {
    }

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    private ConsoleFiles() {
    }

    /** The file for a request path under {@link #PREFIX} ({@code /console/} is the index). */
    static Optional<File> find(String path) throws IOException {
        String name = path.equals(PREFIX) ? "index.html" : path.substring(PREFIX.length());
        String type = TYPES.get(name);
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = ConsoleFiles.class.getResourceAsStream("/configserver/console/" + name)) {
            return in == null ? Optional.empty() : Optional.of(new File(in.readAllBytes(), type));
        }
    }
}
