package io.logcamel.bench;

import io.logcamel.testing.AgentEndpoints;
import io.logcamel.testing.AgentProcess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 13's third goal, measured as users run the agent: what it costs while idle and while a
 * file grows at a steady rate. The packaged agent (the README's flags) tails one file and ships
 * it with signed, lz4-compressed PutLogs to the race's {@link RaceSink} (a child JVM that only
 * reads and acknowledges). Phases: start-up, then {@code idle} seconds with nothing written, then
 * a writer appends numbered lines of {@code lineBytes} bytes at {@code mbPerSecond} (MB = 10^6
 * bytes) for a warm-up and a measured window. Reported: the agent's CPU in cores over the idle
 * window and over the measured window ({@code utime + stime} of all its threads, from
 * {@code /proc/<pid>/stat}), its RSS at the end of each, its peak RSS, and whether every line
 * arrived exactly once (the sink counts them), and the measured window's CPU by thread
 * ({@link ThreadCpu}). The JIT goes on compiling per-batch code for minutes (a batch runs a few
 * times a second), so a long warm-up (300 s) gives the figure of an agent that runs for days.
 * {@code STEADY_EXTRA_FLAGS} adds JVM flags to the agent's (e.g. {@code -XX:+PrintCompilation}).
 *
 * <p>Arguments: {@code [mbPerSecond=10] [lineBytes=512] [idle s=30] [warm-up s=15] [measured s=60]
 * [work dir=target/bench-steady]}. Build the agent first: {@code ./mvnw -B -q package -DskipTests}.
 */
public final class SteadyCostBench {

    public static void main(String[] args) throws Exception {
        double mbPerSecond = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int lineBytes = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int warmSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        int measuredSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 60;
        Path work = Paths.get(args.length > 5 ? args[5] : "target/bench-steady").toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work.resolve("input"));
        Path input = work.resolve("input/app.log");
        Files.createFile(input);

        long linesPerSecond = Math.round(mbPerSecond * 1_000_000 / lineBytes);
        long expected = linesPerSecond * (warmSeconds + measuredSeconds);
        Process sink = startSink(work, expected);
        int sinkPort = Integer.parseInt(awaitFile(work.resolve("port"), Duration.ofSeconds(30)).trim());

        Path route = work.resolve("steady.camel.yaml");
        Files.writeString(route, """
                - route:
                    id: steady
                    from:
                      uri: tail:steady
                      parameters:
                        path: "%s"
                        include: app.log
                        startPosition: head
                      steps:
                        - to:
                            uri: logstore:steady/steady
                """.formatted(input.getParent()));
        int httpPort = AgentProcess.freePort();
        Map<String, String> settings = new HashMap<>(Map.of(
                "logcamel.localstore.enabled", "false",
                "logcamel.routes.include", "file:" + route,
                "camel.component.logstore.endpoint", "http://127.0.0.1:" + sinkPort,
                "camel.component.logstore.access-key-id", "steady",
                "camel.component.logstore.access-key-secret", "steady",
                "logcamel.checkpoint.dir", work.resolve("agent/checkpoints").toString(),
                "logcamel.spool.dir", work.resolve("agent/spool").toString(),
                "quarkus.http.port", Integer.toString(httpPort)));
        List<String> flags = new java.util.ArrayList<>(io.logcamel.testing.ShippedJvmFlags.get());
        String extra = System.getenv("STEADY_EXTRA_FLAGS"); // e.g. -XX:+PrintCompilation, to see what the JIT does
        if (extra != null && !extra.isBlank()) {
            flags.addAll(List.of(extra.trim().split("\\s+")));
        }
        System.out.printf("flags: %s%nrate: %.1f MB/s = %,d lines/s of %d bytes; idle %d s, warm-up %d s, measured %d s%n",
                String.join(" ", flags), mbPerSecond, linesPerSecond, lineBytes, idleSeconds, warmSeconds, measuredSeconds);
        try (AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), work.resolve("agent.log"), settings, flags)) {
            AgentEndpoints.awaitReady(agent, httpPort, Duration.ofSeconds(90));
            Thread.sleep(5_000); // start-up's JIT and class loading settle
            long idleStart = cpuTicks(agent.pid());
            Thread.sleep(idleSeconds * 1000L);
            double idleCores = cores(cpuTicks(agent.pid()) - idleStart, idleSeconds);
            long idleRss = agent.rssKib();

            Writer writer = new Writer(input, lineBytes, linesPerSecond, warmSeconds + measuredSeconds);
            Thread writing = new Thread(writer, "steady-writer");
            writing.start();
            Thread.sleep(warmSeconds * 1000L);
            long steadyStart = cpuTicks(agent.pid());
            ThreadCpu threads = ThreadCpu.start(agent.pid());
            long windowStart = System.nanoTime();
            long maxRss = 0;
            while (System.nanoTime() - windowStart < measuredSeconds * 1_000_000_000L) {
                Thread.sleep(1000);
                maxRss = Math.max(maxRss, agent.rssKib());
            }
            double windowSeconds = (System.nanoTime() - windowStart) / 1e9;
            double steadyCores = cores(cpuTicks(agent.pid()) - steadyStart, windowSeconds);
            Map<String, Long> byThread = threads.since();
            long steadyRss = agent.rssKib();
            writing.join();
            boolean sinkDone = sink.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
            String report = sinkDone ? new String(sink.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim() : "sink still waiting";
            long peak = peakRssKib(agent.pid());
            System.out.printf("idle:     %.4f cores (%.1f %% of one core), RSS %d MiB%n", idleCores, idleCores * 100, idleRss / 1024);
            System.out.printf("steady:   %.4f cores (%.1f %% of one core) at %.1f MB/s written (%.1f achieved), RSS %d MiB at the end,"
                    + " %d MiB at most in the window; peak RSS of the run %d MiB%n", steadyCores, steadyCores * 100, mbPerSecond,
                    writer.achievedMbPerSecond(), steadyRss / 1024, maxRss / 1024, peak / 1024);
            // the agent's own status log (once a minute, logcamel.alarm.*) goes to the same endpoint and is counted too
            System.out.printf("sink:     %s (expected %d lines of the file, plus the agent's own status logs)%n", report, expected);
            System.out.println("steady CPU by thread (% of one core over the window; threads that came and went not shown):");
            byThread.entrySet().stream().limit(12).forEach(e -> System.out.printf("  %5.2f %%  %s%n",
                    cores(e.getValue(), windowSeconds) * 100, e.getKey()));
            System.out.printf("load average: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            sink.destroyForcibly();
        }
    }

    /** Appends numbered lines of exactly {@code lineBytes} bytes, paced every 10 ms. */
    private static final class Writer implements Runnable {
        private final Path file;
        private final int lineBytes;
        private final long linesPerSecond;
        private final int seconds;
        private volatile double achieved;

        Writer(Path file, int lineBytes, long linesPerSecond, int seconds) {
            this.file = file;
            this.lineBytes = lineBytes;
            this.linesPerSecond = linesPerSecond;
            this.seconds = seconds;
        }

        @Override
        public void run() {
            long total = linesPerSecond * seconds;
            char[] filler = new char[lineBytes];
            Arrays.fill(filler, 'x');
            long start = System.nanoTime();
            long written = 0;
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                StringBuilder chunk = new StringBuilder();
                while (written < total) {
                    long due = Math.min(total, (System.nanoTime() - start) * linesPerSecond / 1_000_000_000L + 1);
                    chunk.setLength(0);
                    for (; written < due; written++) {
                        String head = "steady " + written + " ";
                        chunk.append(head).append(filler, 0, lineBytes - head.length() - 1).append('\n');
                    }
                    out.write(chunk.toString().getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(10);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("the writer failed", e);
            }
            achieved = written * (double) lineBytes / 1e6 / ((System.nanoTime() - start) / 1e9);
        }

        double achievedMbPerSecond() {
            return achieved;
        }
    }

    private static Process startSink(Path work, long expected) throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                RaceSink.class.getName(), "putlogs", work.resolve("port").toString(), Long.toString(expected), "120")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String awaitFile(Path file, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(file + " did not appear within " + timeout);
            }
            Thread.sleep(50);
        }
        return Files.readString(file);
    }

    /** utime + stime of a process in clock ticks (fields 14 and 15 of /proc/pid/stat). */
    private static long cpuTicks(long pid) throws IOException {
        return ThreadCpu.cpuTicks(Path.of("/proc/" + pid + "/stat"));
    }

    private static double cores(long ticks, double seconds) {
        return ticks / 100.0 / seconds; // USER_HZ is 100 on Linux
    }

    private static long peakRssKib(long pid) throws IOException {
        try (BufferedReader status = new BufferedReader(new InputStreamReader(
                Files.newInputStream(Path.of("/proc/" + pid + "/status")), StandardCharsets.US_ASCII))) {
            return status.lines().filter(line -> line.startsWith("VmHWM:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
