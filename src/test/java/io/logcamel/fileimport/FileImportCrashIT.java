package io.logcamel.fileimport;

import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.testing.AgentEndpoints;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.LogstoreReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.logcamel.fileimport.FileImportTest.message;
import static io.logcamel.fileimport.FileImportTest.writeLog;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The import example as shipped ({@code routes/examples/file-import.camel.yaml}) in the packaged
 * agent, killed with SIGKILL in the middle of an import of plain, rotated and gzip files; started
 * again it resumes, and every line number arrives (none lost, at most the chunk in flight twice).
 * A third start after the next rotation renamed the archives imports only a new file.
 */
class FileImportCrashIT {

    private static final String KEY_ID = "demo-key";
    private static final String SECRET = "demo-secret";
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final int CHUNK = 4096; // importChunks' maxBatchLines in the example
    private static final Map<String, Integer> FILES = Map.of("a", 40_000, "b", 40_000, "c", 40_000, "d", 40_000);

    @Test
    void aSigkillMidImportLosesNoLineAndTheRestartResumes(@TempDir Path work) throws Exception {
        Path archive = Files.createDirectories(work.resolve("archive"));
        writeLog(archive.resolve("app.log"), "a", FILES.get("a"), false);
        writeLog(archive.resolve("app.log.1"), "b", FILES.get("b"), false);
        writeLog(archive.resolve("app.log.2.gz"), "c", FILES.get("c"), true);
        writeLog(Files.createDirectories(archive.resolve("2025")).resolve("app.log-20250101.gz"), "d", FILES.get("d"), true);
        int total = FILES.values().stream().mapToInt(Integer::intValue).sum();

        try (LocalLogstoreServer store = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0,
                work.resolve("store"), Map.of(KEY_ID, SECRET), "demo"));
             LogstoreReader reader = new LogstoreReader(store.port(), "demo", KEY_ID, SECRET)) {
            int httpPort = AgentProcess.freePort();
            Map<String, String> settings = Map.of(
                    "logcamel.localstore.enabled", "false",
                    "logcamel.routes.include", "file:routes/examples/file-import.camel.yaml",
                    "camel.component.logstore.endpoint", "http://localhost:" + store.port(),
                    "logcamel.import.dir", archive.toString(),
                    "logcamel.import.delay", "500",
                    "logcamel.checkpoint.dir", work.resolve("checkpoints").toString(),
                    "logcamel.spool.dir", work.resolve("spool").toString(),
                    "quarkus.http.port", Integer.toString(httpPort));
            Path output = Paths.get("target", "file-import-crash-it.log").toAbsolutePath();

            AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), output, settings);
            long storedAtKill;
            try {
                await("part of the import stored").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                        .until(() -> AgentEndpoints.failIfExited(agent) && stored(reader) >= 3 * CHUNK);
            } finally {
                agent.kill();
            }
            storedAtKill = stored(reader);
            assertTrue(storedAtKill < total, "the kill came before the import ended: " + storedAtKill);

            try (AgentProcess restarted = AgentProcess.start(Paths.get("").toAbsolutePath(),
                    output.resolveSibling("file-import-crash-it-restarted.log"), settings)) {
                Map<String, Integer> counts = awaitDistinct(reader, restarted, total);
                int lost = 0;
                int duplicates = 0;
                for (Map.Entry<String, Integer> file : FILES.entrySet()) {
                    for (int n = 0; n < file.getValue(); n++) {
                        int count = counts.getOrDefault(message(file.getKey(), n), 0);
                        lost += count == 0 ? 1 : 0;
                        duplicates += Math.max(0, count - 1);
                    }
                }
                System.out.printf("FileImportCrashIT: %d lines in 4 files, %d stored at the SIGKILL, after the restart"
                        + " %d lost, %d duplicates%n", total, storedAtKill, lost, duplicates);
                assertEquals(0, lost, "lost lines");
                assertTrue(duplicates <= CHUNK, "at most the chunk in flight at the kill repeats: " + duplicates);
                assertEquals(total, counts.size(), "only the written lines");
                await("every file recorded as imported").atMost(WAIT).until(() -> AgentEndpoints.failIfExited(restarted)
                        && AgentEndpoints.metric(httpPort, "logcamel_import_files_total", "import-archive") >= 1);
                assertFalse(restarted.output().contains(SECRET), "the access key secret leaked into the agent's output");
            }
            long afterRestart = stored(reader);

            // the next rotation renames the archives; one new file arrives; the agent starts again
            Files.move(archive.resolve("app.log.1"), archive.resolve("app.log.2"));
            Files.move(archive.resolve("app.log.2.gz"), archive.resolve("app.log.3.gz"));
            writeLog(archive.resolve("new.log"), "e", 500, false);
            try (AgentProcess third = AgentProcess.start(Paths.get("").toAbsolutePath(),
                    output.resolveSibling("file-import-crash-it-third.log"), settings)) {
                // files are taken oldest first: once the newest is in, every other one was looked at
                awaitDistinct(reader, third, total + 500);
                await().atMost(WAIT).until(() -> AgentEndpoints.metric(httpPort, "logcamel_import_files_total",
                        "import-archive") >= 1);
                assertEquals(afterRestart + 500, stored(reader), "renamed archives are not imported again");
            }
        }
    }

    private static long stored(LogstoreReader reader) {
        try {
            List<Map<String, String>> rows = reader.query("imported", "* | SELECT count(*) AS n", 1, 0);
            return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0).get("n"));
        } catch (IOException | RuntimeException notYet) {
            return 0;
        }
    }

    private static Map<String, Integer> awaitDistinct(LogstoreReader reader, AgentProcess agent, int distinct) {
        Map<String, Integer>[] last = new Map[] {new HashMap<>()};
        await("distinct lines " + distinct).atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            AgentEndpoints.failIfExited(agent);
            try {
                last[0] = reader.countBy("imported", "message", "true");
            } catch (IOException noLogsYet) {
                return false;
            }
            return last[0].size() >= distinct;
        });
        return last[0];
    }
}
