package io.logcamel.tail;

import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.LogstoreReader;
import io.logcamel.testing.NumberedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged agent tails a growing file into the local Logstore and is killed with SIGKILL in
 * mid-stream, then started again on the same checkpoint directory. The local Logstore runs in
 * this test's JVM, so it outlives the agent. Every line is counted by its number: none may be lost;
 * duplicates are bounded by what was in flight (and not yet checkpointed) at the kill.
 */
class TailCrashIT {

    private static final int LINES = 150_000;

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
                    "logcamel.routes.include", "file:" + routes + "/*.camel.yaml",
                    "camel.component.logstore.endpoint", "http://localhost:" + store.port(),
                    "logcamel.checkpoint.dir", checkpoints.toString(),
                    "quarkus.http.port", Integer.toString(AgentProcess.freePort()));
            Path output = Paths.get("target", "tail-crash-it.log").toAbsolutePath();

            NumberedLog.Writer writer = new NumberedLog.Writer(logs.resolve("app.log"), 8_000, false);
            AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), output, settings);
            try {
                writer.start(0, LINES); // ~8k lines/s for ~19 s, so the kill lands mid-file
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
                TailHarness.await(Duration.ofSeconds(120), () -> !writer.isAlive(), () -> "the writer to finish");
                writer.close();
                assertNull(writer.failure(), "the writer failed");
                NumberedLog.Tally tally = NumberedLog.awaitTally(reader, "crash", LINES, 0, Duration.ofSeconds(180));
                System.out.printf("TailCrashIT: %d lines written, %d stored before the kill; after restart %s%n",
                        LINES, atKill, tally);
                assertEquals(0, tally.lost(), "lost lines: " + tally);
                // in flight at the kill: one batch being delivered plus what the checkpoint had not yet recorded
                assertTrue(tally.duplicated() <= 2 * 4096, "duplicates beyond the batches that could be in flight: " + tally);
                assertTrue(restarted.isAlive());
            }
        }
    }

    private static long count(List<Map<String, String>> rows, String column) {
        if (rows.isEmpty() || rows.get(0).get(column) == null) {
            return 0;
        }
        return Long.parseLong(rows.get(0).get(column));
    }
}
