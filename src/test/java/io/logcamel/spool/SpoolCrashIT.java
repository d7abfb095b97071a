package io.logcamel.spool;

import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.LogstoreReader;
import io.logcamel.testing.NumberedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static io.logcamel.spool.SpoolComponentTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged agent, with YAML routes in the pattern of the example (dead-letter channel into
 * {@code spool:}, replay route), is killed with SIGKILL during an outage of the Logstore while its
 * spool holds data; more lines are written while it is down; the Logstore recovers and the agent
 * is started again on the same checkpoints and spool. Every line is counted by its number: zero lost;
 * duplicates bounded by the batch being spooled at the kill.
 */
class SpoolCrashIT {

    private static final String KEY_ID = "demo-key";
    private static final String SECRET = "demo-secret";

    @Test
    void sigkillOfTheAgentDuringAnOutageWithANonEmptySpoolLosesNothing(@TempDir Path work) throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path routes = Files.createDirectories(work.resolve("routes"));
        Path spool = work.resolve("spool");
        Files.writeString(routes.resolve("spool.camel.yaml"), """
                - route:
                    id: crash-collect
                    errorHandler:
                      deadLetterChannel:
                        deadLetterUri: spool:dead
                        useOriginalMessage: true
                        deadLetterHandleNewException: false
                        redeliveryPolicy:
                          maximumRedeliveries: 1
                          redeliveryDelay: 50
                    from:
                      uri: tail:crash
                      parameters:
                        path: %s
                        include: "*.log"
                        startPosition: head
                        maxBatchLines: 200
                      steps:
                        - to:
                            uri: logstore:demo/crash
                - route:
                    id: crash-replay
                    from:
                      uri: spool:dead
                      parameters:
                        retryDelay: 100ms
                        maxRetryDelay: 500ms
                      steps:
                        - to:
                            uri: logstore:demo/crash
                """.formatted(logs));
        Path logFile = logs.resolve("app.log");
        Files.createFile(logFile);

        try (LocalLogstoreServer store = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0,
                work.resolve("store"), Map.of(KEY_ID, SECRET), "demo"));
             LogstoreReader reader = new LogstoreReader(store.port(), "demo", KEY_ID, SECRET)) {
            Map<String, String> settings = Map.of(
                    "logcamel.localstore.enabled", "false",
                    "logcamel.routes.include", "file:" + routes + "/*.camel.yaml",
                    "camel.component.logstore.endpoint", "http://localhost:" + store.port(),
                    "camel.component.logstore.max-retries", "1",
                    "camel.component.logstore.retry-initial-delay", "20",
                    "logcamel.checkpoint.dir", work.resolve("checkpoints").toString(),
                    "logcamel.spool.dir", spool.toString(),
                    "quarkus.http.port", Integer.toString(AgentProcess.freePort()));
            Path output = Paths.get("target", "spool-crash-it.log").toAbsolutePath();
            store.faults().setOutage(true);

            int written = write(logFile, 0, 3000);
            AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), output, settings);
            try {
                awaitTrue(() -> segmentBytes(spool.resolve("dead")) > 40_000, Duration.ofSeconds(120));
            } finally {
                agent.kill();
            }
            long spooledAtKill = segmentBytes(spool.resolve("dead"));
            written = write(logFile, written, 2000);
            store.faults().setOutage(false);

            try (AgentProcess restarted = AgentProcess.start(Paths.get("").toAbsolutePath(),
                    output.resolveSibling("spool-crash-it-restarted.log"), settings)) {
                NumberedLog.Tally tally = NumberedLog.awaitTally(reader, "crash", written, 0, Duration.ofSeconds(120));
                System.out.printf("SpoolCrashIT: %d lines written, %d spool bytes at the kill; %s%n", written, spooledAtKill, tally);
                assertEquals(0, tally.lost(), "lost lines: " + tally);
                // in flight at the kill: one tail batch (200 lines) being spooled; the replay sent nothing (outage)
                assertTrue(tally.duplicated() <= 2 * 200, "duplicates " + tally);
                assertTrue(restarted.isAlive());
            }
        }
    }

    private static int write(Path file, int from, int lines) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < from + lines; i++) {
            text.append(NumberedLog.line(i)).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return from + lines;
    }

    private static long segmentBytes(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(SegmentFiles.SUFFIX)).mapToLong(p -> p.toFile().length()).sum();
        } catch (Exception e) {
            return 0;
        }
    }
}
