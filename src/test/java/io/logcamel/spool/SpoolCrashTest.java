package io.logcamel.spool;

import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.testing.LogstoreReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.logcamel.spool.SpoolComponentTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent (a child JVM running the scenario routes) is killed with SIGKILL during an outage
 * while its spool holds data, more lines are written while it is down, the Logstore recovers, and
 * the agent is started again on the same checkpoints and spool: nothing may be lost; duplicates
 * are bounded by the batches in flight (one tail batch and one replayed record, 50 lines each).
 */
class SpoolCrashTest {

    private static final String KEY_ID = "crash-key";
    private static final String SECRET = "crash-secret";

    @TempDir
    Path dir;

    private LocalLogstoreServer server;
    private final List<Process> processes = new ArrayList<>();
    private final AtomicLong spooled = new AtomicLong();
    private int written;

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sigkillDuringAnOutageWithANonEmptySpoolLosesNothing() throws Exception {
        server = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0, dir.resolve("store"),
                Map.of(KEY_ID, SECRET), "demo"));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path logFile = logs.resolve("app.log");
        Files.createFile(logFile);
        server.faults().setOutage(true);

        Process first = start(logs);
        write(logFile, 1500);
        awaitTrue(() -> spooled.get() >= 500);
        first.destroyForcibly(); // SIGKILL, mid-stream: the tail is still spooling
        long spooledAtKill = spooled.get();
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        write(logFile, 1500);
        server.faults().setOutage(false);
        start(logs);

        try (LogstoreReader reader = new LogstoreReader(server.port(), "demo", KEY_ID, SECRET)) {
            List<Map<String, String>> rows = reader.awaitLogs("app",
                    "* | SELECT count(*) AS total, count(DISTINCT content) AS distinct_lines", Duration.ofSeconds(60),
                    r -> !r.isEmpty() && Long.parseLong(r.get(0).get("distinct_lines")) >= written);
            long total = Long.parseLong(rows.get(0).get("total"));
            long distinct = Long.parseLong(rows.get(0).get("distinct_lines"));
            System.out.printf("SCENARIO sigkillDuringOutage: written=%d stored=%d distinct=%d lost=%d duplicates=%d"
                    + " spooledBeforeKill=%d%n", written, total, distinct, written - distinct, total - distinct,
                    spooledAtKill);
            assertEquals(written, distinct, "lost lines");
            assertTrue(total - distinct <= 100, "duplicates " + (total - distinct));
        }
    }

    private void write(Path file, int lines) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append(String.format("%08d payload-%s%n", written++, "abcdefghij".repeat(3)));
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private Process start(Path logs) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), SpoolCrashChild.class.getName(),
                logs.toString(), dir.resolve("checkpoints").toString(), dir.resolve("spool").toString(),
                Integer.toString(server.port()), KEY_ID, SECRET)
                .redirectErrorStream(true).start();
        processes.add(process);
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = output.readLine()) != null) {
            seen.add(line);
            if (line.equals("READY")) {
                Thread drain = new Thread(() -> {
                    try {
                        String next;
                        while ((next = output.readLine()) != null) {
                            if (next.startsWith("SPOOLED ")) {
                                spooled.set(Long.parseLong(next.substring("SPOOLED ".length())));
                            }
                        }
                    } catch (Exception ignored) {
                        // the process was killed
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        throw new IllegalStateException("agent did not start: " + seen);
    }
}
