package io.logcamel.localstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local Logstore under concurrent PutLogs and GetLogs over HTTP: every acknowledged log is
 * stored exactly once (checked number by number), a writer reads its own writes, and queries
 * running meanwhile never fail, never go backwards and never see more than was sent.
 */
class LocalLogstoreConcurrencyTest {

    private static final int WRITERS = 4;
    private static final int REQUESTS = 40;
    private static final int LOGS_PER_REQUEST = 250;

    @TempDir
    Path dataDir;

    @Test
    void concurrentWritesAndQueriesLoseNothingDuplicateNothingAndStayConsistent() throws Exception {
        try (LocalLogstoreServer server = LocalLogstoreServer.start(
                new LocalLogstoreSettings("127.0.0.1", 0, dataDir, Map.of("id", "secret"), "demo"))) {
            SignedClient client = new SignedClient(server.port(), "id", "secret");
            long now = Instant.now().getEpochSecond();
            AtomicLongArray acknowledged = new AtomicLongArray(WRITERS);
            AtomicBoolean writing = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int r = 0; r < REQUESTS; r++) {
                        LogBatch batch = new LogBatch().topic("w" + writer);
                        for (int i = 0; i < LOGS_PER_REQUEST; i++) {
                            int n = r * LOGS_PER_REQUEST + i;
                            batch.add(new LogEvent(now, n).add("writer", "w" + writer).add("n", Integer.toString(n))
                                    .add("parity", n % 2 == 0 ? "even" : "odd"));
                        }
                        HttpResponse<String> put = client.putLogs("shared", batch);
                        assertEquals(200, put.statusCode(), put.body());
                        acknowledged.addAndGet(writer, LOGS_PER_REQUEST);
                        if (r % 10 == 9) {
                            // read your own writes: the last log acknowledged is there at once
                            int last = (r + 1) * LOGS_PER_REQUEST - 1;
                            JsonNode mine = client.logs("shared", Map.of("query", "writer: w" + writer + " and n: " + last));
                            if (mine.size() != 1) {
                                problems.add("w" + writer + " did not read its log " + last + ": " + mine);
                            }
                        }
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int q = 0; q < 2; q++) {
                readers.add(pool.submit(() -> {
                    long[] seen = new long[WRITERS];
                    while (writing.get()) {
                        for (int w = 0; w < WRITERS; w++) {
                            long before = acknowledged.get(w);
                            HttpResponse<String> count = client.getLogs("shared", Map.of("query", "writer: w" + w, "line", "0"));
                            if (count.statusCode() != 200) {
                                problems.add("count answered " + count.statusCode() + ": " + count.body());
                                continue;
                            }
                            long now2 = Long.parseLong(count.headers().firstValue("x-log-processed-rows").orElseThrow());
                            long after = acknowledged.get(w) + LOGS_PER_REQUEST; // at most one request in flight per writer
                            if (now2 < before || now2 < seen[w] || now2 > after) {
                                problems.add("w" + w + " count " + now2 + " outside [" + Math.max(before, seen[w]) + ", " + after + "]");
                            }
                            seen[w] = now2;
                        }
                        // an analysis over the same logs agrees with itself: even + odd = all
                        JsonNode split = client.logs("shared", Map.of("query",
                                "* | SELECT count(*) AS total, count_if(parity = 'even') AS even, count_if(parity = 'odd') AS odd"));
                        long total = split.get(0).get("total").asLong();
                        if (split.get(0).get("even").asLong() + split.get(0).get("odd").asLong() != total) {
                            problems.add("even + odd != total: " + split);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            writing.set(false);
            for (Future<?> reader : readers) {
                reader.get();
            }
            pool.shutdown();
            assertTrue(problems.isEmpty(), String.join("\n", problems));

            int expected = REQUESTS * LOGS_PER_REQUEST;
            for (int w = 0; w < WRITERS; w++) {
                JsonNode rows = client.logs("shared", Map.of("query",
                        "writer: w" + w + " | SELECT n, count(*) AS c GROUP BY n ORDER BY cast(n AS INTEGER) LIMIT 100000"));
                assertEquals(expected, rows.size(), "w" + w + ": every number present");
                for (int n = 0; n < expected; n++) {
                    assertEquals(Integer.toString(n), rows.get(n).get("n").asText(), "w" + w + " number " + n);
                    assertEquals("1", rows.get(n).get("c").asText(), "w" + w + " number " + n + " stored once");
                }
            }
            assertEquals(WRITERS * expected, server.stats().rowsReceived());
        }
    }
}
