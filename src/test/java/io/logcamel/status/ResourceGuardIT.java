package io.logcamel.status;

import io.logcamel.testing.AgentEndpoints;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.AgentSettings;
import io.logcamel.testing.LocalLogstoreFixture;
import io.logcamel.testing.LogstoreReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resource guard on the packaged agent, measured from outside as an operator would: its CPU
 * time from {@code /proc/<pid>/stat} while a regex-heavy config works through a large file under
 * a 0.5-core limit; and a memory soft limit the agent cannot get under (its destination stalled):
 * it pauses, exits with code 70 after the grace, and restarted delivers every line.
 */
class ResourceGuardIT {

    private static final double CPU_LIMIT = 0.5;
    /**
     * About 13 s of work at 0.5 cores on this machine kind (2026-12-04: 1.34-1.5 M lines went in 10 s,
     * where the 1.5 M lines of before had been 25 s of work), so the window ends well before it does.
     */
    private static final int CPU_LINES = Integer.getInteger("logcamel.test.guard.lines", 2_000_000);
    private static final Duration MEASURED = Duration.ofSeconds(6);
    private static final int MEMORY_LINES = 20_000;

    @TempDir
    Path work;

    @Test
    void cpuLimitHoldsUnderARegexHeavyLoadAndNothingIsLost() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path routes = Files.createDirectories(work.resolve("routes"));
        // nested alternations and back-tracking over every field: several microseconds per line
        Files.writeString(routes.resolve("heavy.camel.yaml"), """
                - route:
                    id: heavy
                    from:
                      uri: tail:heavy
                      parameters:
                        path: %s
                        include: big.log
                        startPosition: head
                      steps:
                        - to:
                            uri: "parse:regex"
                            parameters:
                              pattern: "RAW(^(?<n>\\\\d+) (?<a>(?:[a-z]+[0-9]*)+) (?<b>(?:\\\\w+[-.]?)+) (?<c>.*?(?:x|y|z).*?) (?<rest>(?:[^ ]+ ?)+)$)"
                        - to:
                            uri: logstore:demo/heavy
                """.formatted(logs));
        Path big = logs.resolve("big.log");
        try (BufferedWriter out = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            for (int i = 0; i < CPU_LINES; i++) {
                out.write(i + " alpha" + (i % 97) + "beta gamma-delta.epsilon zeta x eta theta iota kappa lambda mu nu xi omicron pi rho"
                        + " sigma tau upsilon phi chi psi omega " + i + "\n");
            }
        }
        try (LocalLogstoreFixture store = new LocalLogstoreFixture(work.resolve("store"))) {
            int httpPort = AgentProcess.freePort();
            Map<String, String> settings = settings(routes, store, httpPort);
            settings.put("logcamel.guard.cpu-limit", Double.toString(CPU_LIMIT));
            try (AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), work.resolve("cpu.log"), settings)) {
                AgentEndpoints.awaitReady(agent, httpPort, Duration.ofSeconds(90));
                // over a fixed window from the first delivery (start-up's JIT and class loading are not the
                // load), ending while the agent still has lines to work through
                await("the first delivery").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> delivered(httpPort) > 0);
                long cpuStart = cpuTicks(agent.pid());
                long wallStart = System.nanoTime();
                await("the measuring window").pollDelay(MEASURED).atMost(MEASURED.plusSeconds(10))
                        .until(() -> AgentEndpoints.failIfExited(agent));
                long cpuEnd = cpuTicks(agent.pid());
                double seconds = (System.nanoTime() - wallStart) / 1e9;
                double deliveredInWindow = delivered(httpPort);
                double cores = (cpuEnd - cpuStart) / (double) clockTicksPerSecond() / seconds;
                double pauses = AgentEndpoints.metric(httpPort, "logcamel_guard_cpu_pauses_total", "");
                System.out.printf("ResourceGuardIT CPU: %.0f of %d lines in %.1f s, %.3f cores (limit %.2f), %.0f pauses%n",
                        deliveredInWindow, CPU_LINES, seconds, cores, CPU_LIMIT, pauses);
                assertTrue(deliveredInWindow < CPU_LINES, "the load ended inside the measuring window: make it larger"
                        + " (-Dlogcamel.test.guard.lines)");
                assertTrue(cores <= 1.2 * CPU_LIMIT, "CPU " + cores + " cores is over the limit " + CPU_LIMIT + " + 20 %");
                // below the limit only when the machine let it run: on a loaded machine the agent gets less
                // than it may use, and a guard can only hold a ceiling
                double machineLoad = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
                if (machineLoad < Runtime.getRuntime().availableProcessors()) {
                    assertTrue(pauses > 0, "the guard paused the input");
                    assertTrue(agent.output().contains("logcamel.guard.cpu-limit"), "the action is logged once");
                    assertTrue(cores >= 0.8 * CPU_LIMIT, "CPU " + cores + " cores is under the limit " + CPU_LIMIT
                            + " - 20 %: the guard throttles more than it needs to");
                } else {
                    System.out.printf("ResourceGuardIT: load average %.1f on %d cores; the lower bound (%.2f cores)"
                            + " and the guard's pauses were not asserted (the machine, not the guard, held the agent back)%n", machineLoad, Runtime.getRuntime().availableProcessors(),
                            0.8 * CPU_LIMIT);
                }
                await("every line delivered").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
                        .until(() -> AgentEndpoints.failIfExited(agent) && delivered(httpPort) >= CPU_LINES);
            }
            assertEquals(CPU_LINES, distinctNumbers(store.reader(), "heavy", "n"), "every line once");
        }
    }

    @Test
    void memoryOverTheSoftLimitRestartsWithCode70AndLosesNothing() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("flood.camel.yaml"), """
                - route:
                    id: flood
                    from:
                      uri: tail:flood
                      parameters:
                        path: %s
                        include: flood.log
                        startPosition: head
                        maxRetryDelay: 500
                      steps:
                        - to:
                            uri: logstore:demo/flood
                """.formatted(logs));
        try (LocalLogstoreFixture store = new LocalLogstoreFixture(work.resolve("store"))) {
            store.server().faults().setOutage(true); // the destination stalls: everything read stays in memory
            int httpPort = AgentProcess.freePort();
            Map<String, String> settings = settings(routes, store, httpPort);
            // an agent idles at ~200 MB RSS: a 64 MB soft limit is crossed for sure and never left
            settings.put("logcamel.guard.memory-soft-limit-mb", "64");
            settings.put("logcamel.guard.memory-hard-limit-mb", "0");
            settings.put("logcamel.guard.memory-interval", "500ms");
            settings.put("logcamel.guard.memory-over-limit-grace", "5s");
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < MEMORY_LINES; i++) {
                lines.append(i).append(" flood line\n");
            }
            Files.writeString(logs.resolve("flood.log"), lines.toString());
            try (AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), work.resolve("mem-1.log"), settings)) {
                assertTrue(agent.waitFor(Duration.ofSeconds(90)), "the guard must restart the agent");
                assertEquals(70, agent.exitValue(), agent.output());
                String output = agent.output();
                assertTrue(output.contains("logcamel.guard.memory-soft-limit-mb") && output.contains("inputs are paused")
                        && output.contains("exit code 70"), output);
            }
            store.server().faults().clear();
            settings.put("logcamel.guard.memory-soft-limit-mb", "0");
            try (AgentProcess again = AgentProcess.start(Paths.get("").toAbsolutePath(), work.resolve("mem-2.log"), settings)) {
                AgentEndpoints.awaitReady(again, httpPort, Duration.ofSeconds(90));
                await("every line after the restart").atMost(Duration.ofSeconds(90))
                        .until(() -> distinctNumbers(store.reader(), "flood", "split_part(content, ' ', 1)") >= MEMORY_LINES);
            }
            assertEquals(MEMORY_LINES, distinctNumbers(store.reader(), "flood", "split_part(content, ' ', 1)"), "every line, none lost");
        }
    }

    /** Over the hard limit the agent exits at once with code 71, logging why; restarted, nothing is lost. */
    @Test
    void memoryOverTheHardLimitExitsAtOnceWithCode71AndLosesNothing() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("hard.camel.yaml"), """
                - route:
                    id: hard
                    from:
                      uri: tail:hard
                      parameters:
                        path: %s
                        include: hard.log
                        startPosition: head
                      steps:
                        - to:
                            uri: logstore:demo/hard
                """.formatted(logs));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < MEMORY_LINES; i++) {
            lines.append(i).append(" hard line\n");
        }
        Files.writeString(logs.resolve("hard.log"), lines.toString());
        try (LocalLogstoreFixture store = new LocalLogstoreFixture(work.resolve("store"))) {
            int httpPort = AgentProcess.freePort();
            Map<String, String> settings = settings(routes, store, httpPort);
            // an agent idles at ~200 MB RSS: over a 64 MB hard limit at the first check
            settings.put("logcamel.guard.memory-soft-limit-mb", "0");
            settings.put("logcamel.guard.memory-hard-limit-mb", "64");
            settings.put("logcamel.guard.memory-interval", "500ms");
            try (AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), work.resolve("hard-1.log"), settings)) {
                assertTrue(agent.waitFor(Duration.ofSeconds(90)), "the hard limit must end the agent");
                assertEquals(71, agent.exitValue(), agent.output());
                assertTrue(agent.output().contains("logcamel.guard.memory-hard-limit-mb"), agent.output());
            }
            settings.put("logcamel.guard.memory-hard-limit-mb", "0");
            try (AgentProcess again = AgentProcess.start(Paths.get("").toAbsolutePath(), work.resolve("hard-2.log"), settings)) {
                AgentEndpoints.awaitReady(again, httpPort, Duration.ofSeconds(90));
                await("every line after the restart").atMost(Duration.ofSeconds(90))
                        .until(() -> distinctNumbers(store.reader(), "hard", "split_part(content, ' ', 1)") >= MEMORY_LINES);
            }
            assertEquals(MEMORY_LINES, distinctNumbers(store.reader(), "hard", "split_part(content, ' ', 1)"), "every line, none lost");
        }
    }

    private Map<String, String> settings(Path routes, LocalLogstoreFixture store, int httpPort) {
        Map<String, String> settings = AgentSettings.shippingTo(work, routes, store, httpPort);
        settings.put("logcamel.alarm.enabled", "false");
        return settings;
    }

    private static double delivered(int httpPort) {
        return AgentEndpoints.metric(httpPort, "logcamel_tail_lines_delivered_total", "");
    }

    /** Distinct line numbers stored (the first field of each line). */
    private static long distinctNumbers(LogstoreReader reader, String logstore, String number) throws IOException {
        Map<String, Integer> counts = reader.countBy(logstore, number, "true");
        return counts.size();
    }

    /** utime + stime of a process, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
        return Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
    }

    private static long clockTicksPerSecond() throws IOException, InterruptedException {
        Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
        String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        getconf.waitFor();
        return out.isEmpty() ? 100 : Long.parseLong(out);
    }
}
