package io.logcamel.tail;

import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.LocalLogstoreFixture;
import io.logcamel.testing.LogstoreReader;
import io.logcamel.testing.NumberedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged agent with the route users write ({@code include: app.log}) while Debian's logrotate
 * rotates the file every second under a writer of numbered lines: killed with SIGKILL twice and
 * restarted; and stopped with SIGTERM under load, rotated twice while down, restarted. Every line is
 * counted by its number in the Logstore.
 */
class TailAgentRestartIT {

    private static final int MAX_BATCH_LINES = 1000;

    @TempDir
    Path work;

    /**
     * Two SIGKILLs while rotating, the Logstore (in this JVM) stalling 1 s at times: nothing lost;
     * duplicates at most what was in flight at each kill: the batch being delivered plus the batches
     * acknowledged while the last checkpoint write was under way (two batches per kill).
     */
    @Test
    void sigkilledTwiceDuringRotationsLosesNothing() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        try (LocalLogstoreFixture store = new LocalLogstoreFixture(work.resolve("store"))) {
            Map<String, String> settings = agentSettings(logs, "kill", "http://localhost:" + store.server().port());
            settings.put("camel.component.logstore.access-key-id", LocalLogstoreFixture.KEY_ID);
            settings.put("camel.component.logstore.access-key-secret", LocalLogstoreFixture.SECRET);
            AgentProcess agent = start(settings, "kill-1");
            Logrotate logrotate = new Logrotate(work, logs); // paced from here, once the agent is up
            java.util.concurrent.atomic.AtomicReference<Throwable> rotationFailure = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean rotating = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread rotations = new Thread(() -> {
                try {
                    for (int second = 1; rotating.get(); second++) {
                        logrotate.paceAndRun(second);
                        store.server().faults().setLatencyMillis(second % 5 == 0 ? 1000 : 0); // a 1 s stall every 5 s
                    }
                } catch (Throwable e) {
                    rotationFailure.set(e);
                }
            }, "logrotate");
            try (NumberedLog.Writer writer = new NumberedLog.Writer(logs.resolve("app.log"), 5_000, true)) {
                writer.start(0, Long.MAX_VALUE);
                rotations.start();
                for (int kill = 1; kill <= 2; kill++) {
                    long atLeast = 15_000L * kill;
                    TailHarness.await(Duration.ofSeconds(180), () -> delivered(store) >= atLeast, () -> "delivered " + atLeast);
                    agent.kill(); // SIGKILL while lines are written and rotated; rotation goes on while it is down
                    agent = start(settings, "kill-" + (kill + 1));
                }
                TailHarness.await(Duration.ofSeconds(180), () -> delivered(store) >= 35_000, () -> "delivered after the restarts");
                writer.close();
                rotating.set(false);
                rotations.join();
                assertNull(rotationFailure.get(), "logrotate failed");
                store.server().faults().clear();
                assertNull(writer.failure());
                long written = writer.written();
                NumberedLog.Tally tally = NumberedLog.awaitTally(store.reader(), "kill", written, 0, Duration.ofSeconds(240));
                System.out.println("TailAgentRestartIT SIGKILL x2: " + tally);
                assertEquals(0, tally.lost(), tally.toString());
                assertTrue(tally.duplicated() <= 2 * 2 * MAX_BATCH_LINES, "duplicates beyond the batches in flight: " + tally);
            } finally {
                agent.kill();
            }
        }
    }

    /**
     * SIGTERM under load with the embedded local Logstore as destination: the routes drain and
     * checkpoint before the Logstore stops, so no ERROR is logged; logrotate rotates twice while the
     * agent is down; after the restart, three rotations while the agent is frozen (SIGSTOP) make files
     * it never saw under their watched name; every line is there once.
     */
    @Test
    void sigtermUnderLoadThenTwoRotationsWhileDownLosesAndDuplicatesNothing() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        int storePort = AgentProcess.freePort();
        Map<String, String> settings = agentSettings(logs, "term", "http://localhost:" + storePort);
        settings.put("logcamel.localstore.enabled", "true");
        settings.put("logcamel.localstore.port", Integer.toString(storePort));
        settings.put("logcamel.localstore.data-dir", work.resolve("embedded-store").toString());
        try (NumberedLog.Writer writer = new NumberedLog.Writer(logs.resolve("app.log"), 10_000, true);
             LogstoreReader reader = new LogstoreReader(storePort, "demo", "demo-key", "demo-secret")) {
            AgentProcess first = start(settings, "term-1");
            Logrotate logrotate = new Logrotate(work, logs); // paced from here, once the agent is up
            writer.start(0, Long.MAX_VALUE);
            for (int second = 1; second <= 6; second++) {
                logrotate.paceAndRun(second);
            }
            first.close(); // SIGTERM while 10,000 lines/s are being written and rotated
            String output = first.output();
            assertTrue(writer.isAlive(), "the writer stopped before the agent");
            logrotate.paceAndRun(7);
            logrotate.paceAndRun(8);
            try (AgentProcess second = start(settings, "term-2")) {
                for (int s = 9; s <= 10; s++) {
                    logrotate.paceAndRun(s);
                }
                // the agent starved of CPU (frozen with SIGSTOP, as a loaded machine can hold it) while
                // logrotate rotates three times: two files live under app.log only while it cannot look
                signal(second, "STOP");
                try {
                    for (int burst = 0; burst < 3; burst++) {
                        long before = writer.written();
                        TailHarness.await(Duration.ofSeconds(30), () -> writer.written() >= before + 500, () -> "lines written");
                        logrotate.run();
                    }
                } finally {
                    signal(second, "CONT");
                }
                long before = writer.written();
                TailHarness.await(Duration.ofSeconds(30), () -> writer.written() >= before + 500, () -> "lines written");
                writer.close();
                assertNull(writer.failure());
                long written = writer.written();
                NumberedLog.Tally tally = NumberedLog.awaitTally(reader, "term", written, 0, Duration.ofSeconds(180));
                System.out.println("TailAgentRestartIT SIGTERM: " + tally);
                assertEquals(0, tally.lost(), tally.toString());
                assertEquals(0, tally.duplicated(), tally.toString());
                assertTrue(second.output().contains("was rotated while stopped"), "no rotated file recovered at start");
                assertTrue(second.output().contains("was rotated away before it could be opened"),
                        "no file rotated away while the agent was frozen was found");
            }
            assertTrue(!output.contains(" ERROR ") && !output.contains("\tat "),
                    "the clean stop logged an error or a stack trace:\n" + output);
        }
    }

    private static void signal(AgentProcess agent, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(agent.pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal);
    }

    private static long delivered(LocalLogstoreFixture store) {
        try {
            List<Map<String, String>> rows = store.reader().query("kill", "* | SELECT count(*) AS n", 1, 0);
            return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0).get("n"));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private Map<String, String> agentSettings(Path logs, String logstore, String endpoint) throws IOException {
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("app.camel.yaml"), """
                - route:
                    id: app
                    from:
                      uri: tail:app
                      parameters:
                        path: %s
                        include: app.log
                        startPosition: head
                        maxBatchLines: %d
                        maxRetryDelay: 2000
                      steps:
                        - to:
                            uri: logstore:demo/%s
                """.formatted(logs, MAX_BATCH_LINES, logstore));
        Map<String, String> settings = new HashMap<>();
        settings.put("logcamel.localstore.enabled", "false");
        settings.put("logcamel.routes.include", "file:" + routes + "/*.camel.yaml");
        settings.put("camel.component.logstore.endpoint", endpoint);
        settings.put("logcamel.checkpoint.dir", work.resolve("checkpoints").toString());
        settings.put("quarkus.http.port", Integer.toString(AgentProcess.freePort()));
        return settings;
    }

    private AgentProcess start(Map<String, String> settings, String name) throws Exception {
        Path output = Paths.get("target", "tail-agent-" + name + ".log").toAbsolutePath();
        AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), output, settings);
        String ready = "http://localhost:" + settings.get("quarkus.http.port") + "/q/health/ready";
        TailHarness.await(Duration.ofSeconds(120), () -> !agent.isAlive() || answers200(ready), () -> "agent " + name + " ready");
        assertTrue(agent.isAlive(), "agent " + name + " died at start");
        return agent;
    }

    private static boolean answers200(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(1000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Debian's logrotate with its own state file: {@code create}, forced, paced by the second. It
     * keeps 30 rotations: an agent that takes several seconds to start on a loaded machine must find
     * the files rotated meanwhile still there (what logrotate deletes while the agent is down is gone).
     */
    static final class Logrotate {
        private final Path conf;
        private final Path state;
        private final long started = System.nanoTime();

        Logrotate(Path work, Path logs) throws IOException {
            conf = work.resolve("logrotate.conf");
            state = work.resolve("logrotate.state");
            Files.writeString(conf, logs.resolve("app.log") + " {\n    create\n    rotate 30\n    missingok\n}\n");
        }

        /** Waits for second {@code second} since the start (pacing, as a timer would), then rotates. */
        void paceAndRun(int second) throws Exception {
            long due = started + TimeUnit.SECONDS.toNanos(second);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
            run();
        }

        /** Rotates now. */
        void run() throws Exception {
            Process process = new ProcessBuilder("logrotate", "-f", "-s", state.toString(), conf.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "logrotate hung");
            assertEquals(0, process.exitValue(), "logrotate failed: " + output);
        }
    }
}
