package io.logcamel.bench;

import java.util.SplittableRandom;

/**
 * Seeded JSON application-log lines: a flat part, two nested objects, an array, numbers,
 * booleans, a null and escaped text (quotes, unicode) — the mix a JSON parser meets in practice.
 */
public final class JsonLogGenerator {

    private static final String[] LEVELS = {"INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"};
    private static final String[] SERVICES = {"orders", "payments", "catalog", "search", "users"};
    private static final String[] MESSAGES = {"request served", "cache miss for key \\\"cart:%d\\\"",
            "slow query took %d ms", "user logged in", "r\\u00e9ponse envoy\\u00e9e \\u2713", "retrying upstream %d/3"};

    private final SplittableRandom random;
    private long epochMillis = 1_795_478_400_000L;

    public JsonLogGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public String nextLine() {
        epochMillis += random.nextInt(20);
        String message = String.format(MESSAGES[random.nextInt(MESSAGES.length)], random.nextInt(10_000));
        return "{\"ts\":" + epochMillis + ",\"level\":\"" + LEVELS[random.nextInt(LEVELS.length)]
                + "\",\"service\":\"" + SERVICES[random.nextInt(SERVICES.length)]
                + "\",\"msg\":\"" + message + "\",\"http\":{\"method\":\"GET\",\"path\":\"/api/v1/items/"
                + random.nextInt(100_000) + "\",\"status\":" + (random.nextInt(10) == 0 ? 500 : 200)
                + ",\"latency_ms\":" + random.nextInt(2000) / 10.0 + "},\"user\":{\"id\":" + random.nextInt(1_000_000)
                + ",\"vip\":" + random.nextBoolean() + ",\"geo\":{\"country\":\"CN\",\"city\":\"Hangzhou\"}}"
                + ",\"tags\":[\"web\",\"v" + random.nextInt(5) + "\"],\"trace_id\":\""
                + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()) + "\",\"error\":null}";
    }
}
