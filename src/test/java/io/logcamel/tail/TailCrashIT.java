package io.logcamel.tail;

import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.LogstoreReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged agent tails a growing file into the local Logstore and is killed with SIGKILL in
 * mid-stream, then started again on the same checkpoint directory. The local Logstore runs in
 * this test's JVM, so it outlives the agent. Every line must arrive; duplicates are bounded by
 * what was in flight (and not yet checkpointed) at the kill, and reported.
 */
class TailCrashIT {

    private static final int LINES = 150_000;
    private static final String PADDING = " GET /api/v1/orders HTTP/1.1 200 512 \"curl/8.4.0\"";

    @Test
    void sigkillMidStreamLosesNothing(@TempDir Path work) throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path routes = Files.createDirectories(work.resolve("routes"));
        Path checkpoints = work.resolve("checkpoints");
        Files.writeString(routes.resolve("crash.camel.yaml"), """
                - route:
                    id: crash-tail
                    from:
                      uri: tail:crash
                      parameters:
                        path: %s
                        include: "*.log"
                        startPosition: head
                      steps:
                        - to:
                            uri: logstore:demo/crash
                """.formatted(logs));

        try (LocalLogstoreServer store = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0,
                work.resolve("store"), Map.of("demo-key", "demo-secret"), "demo"));
             LogstoreReader reader = new LogstoreReader(store.port(), "demo", "demo-key", "demo-secret")) {
            Map<String, String> settings = Map.of(
                    "logcamel.localstore.enabled", "false",
                    "camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml",
                    "camel.component.logstore.endpoint", "http://localhost:" + store.port(),
                    "logcamel.checkpoint.dir", checkpoints.toString(),
                    "quarkus.http.port", Integer.toString(AgentProcess.freePort()));
            Path output = Paths.get("target", "tail-crash-it.log").toAbsolutePath();

            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            Thread writer = new Thread(() -> writeNumberedLines(logs.resolve("app.log"), writerFailure), "numbered-writer");
            AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), output, settings);
            try {
                writer.start();
                // kill once a good part has been delivered, while the writer is still going
                reader.awaitLogs("crash", "* | SELECT count(*) AS n", Duration.ofSeconds(120),
                        rows -> count(rows, "n") >= LINES / 3);
                agent.kill();
                assertTrue(writer.isAlive(), "the writer finished before the kill: the test did not kill mid-stream");
            } finally {
                if (agent.isAlive()) {
                    agent.kill();
                }
            }
            long atKill = count(reader.query("crash", "* | SELECT count(*) AS n", 1, 0), "n");

            try (AgentProcess restarted = AgentProcess.start(Paths.get("").toAbsolutePath(), output.resolveSibling("tail-crash-it-restarted.log"), settings)) {
                writer.join(120_000);
                assertNull(writerFailure.get(), "the writer failed");
                List<Map<String, String>> totals = reader.awaitLogs("crash",
                        "* | SELECT count(*) AS total, count(DISTINCT content) AS distinct_lines", Duration.ofSeconds(180),
                        rows -> count(rows, "distinct_lines") >= LINES);
                long total = count(totals, "total");
                long distinct = count(totals, "distinct_lines");
                long duplicates = total - distinct;
                System.out.printf("TailCrashIT: %d lines written, %d stored before the kill, %d distinct after restart"
                        + " (lost %d), %d duplicates%n", LINES, atKill, distinct, LINES - distinct, duplicates);
                assertEquals(LINES, distinct, "lost lines: " + (LINES - distinct));
                // in flight at the kill: one batch being delivered plus what the checkpoint had not yet recorded
                assertTrue(duplicates <= 3 * 4096, "duplicates " + duplicates + " exceed the batches that could be in flight");
                assertTrue(restarted.isAlive());
            }
        }
    }

    private static void writeNumberedLines(Path file, AtomicReference<Throwable> failure) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (int i = 1; i <= LINES; i++) {
                out.write(String.format("line %07d%s%n", i, PADDING));
                if (i % 500 == 0) {
                    out.flush();
                    Thread.sleep(60); // pacing, ~8k lines/s for ~20 s, so the kill lands mid-file
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            failure.set(e);
        }
    }

    private static long count(List<Map<String, String>> rows, String column) {
        if (rows.isEmpty() || rows.get(0).get(column) == null) {
            return 0;
        }
        return Long.parseLong(rows.get(0).get(column));
    }
}
