package io.logcamel.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/** Seeded nginx "combined" lines: the same seed always gives the same corpus. */
public final class NginxLogGenerator {

    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    private static final String[] PATHS = {"/", "/index.html", "/api/v1/orders", "/api/v1/users/%d",
            "/static/js/app.%d.js", "/search?q=item%d&page=2", "/health", "/api/v1/cart/%d/items"};
    private static final int[] STATUSES = {200, 200, 200, 200, 201, 204, 301, 304, 400, 404, 500, 503};
    private static final String[] AGENTS = {
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
            "curl/8.4.0", "Go-http-client/1.1", "python-requests/2.31.0"};
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private final SplittableRandom random;
    private long epochSeconds;

    public NginxLogGenerator(long seed) {
        this.random = new SplittableRandom(seed);
        this.epochSeconds = Instant.parse("2026-11-24T00:00:00Z").getEpochSecond();
    }

    public String nextLine() {
        if (random.nextInt(10) == 0) {
            epochSeconds++;
        }
        String path = String.format(PATHS[random.nextInt(PATHS.length)], random.nextInt(100_000));
        return random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256)
                + " - - [" + TIME.format(Instant.ofEpochSecond(epochSeconds)) + "] \""
                + METHODS[random.nextInt(METHODS.length)] + " " + path + " HTTP/1.1\" "
                + STATUSES[random.nextInt(STATUSES.length)] + " " + random.nextInt(50_000)
                + " \"https://example.com/page" + random.nextInt(100) + "\" \""
                + AGENTS[random.nextInt(AGENTS.length)] + "\"";
    }
}
