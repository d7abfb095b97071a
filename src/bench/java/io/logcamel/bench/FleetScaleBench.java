package io.logcamel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logcamel.configserver.CanaryHash;
import io.logcamel.configserver.SimulatedAgent;
import io.logcamel.fleet.agent.ConfigServerClient;
import io.logcamel.fleet.protocol.ConfigDetail;
import io.logcamel.fleet.protocol.ConfigInfo;
import io.logcamel.fleet.protocol.ConfigStatus;
import io.logcamel.fleet.protocol.HeartbeatRequest;
import io.logcamel.fleet.protocol.HeartbeatResponse;
import io.logcamel.fleet.protocol.ResponseFlags;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * 1,000 simulated agents against one real config server, per heartbeat interval: registration,
 * a steady state (requests/s, server CPU, heartbeat latency), then apply v1 to the group, a
 * change to v2, a canary of v3 to 10 % and its promotion, each timed from the REST call to every
 * agent's APPLIED.
 *
 * <p>The server runs alone in a child JVM ({@link FleetServerProcess}, {@code -Xmx512m}, an H2
 * file in a fresh directory) so that its process CPU (GC and JIT included) and its heap are its
 * own; the agents are {@link SimulatedAgent}s in this JVM, each with its own
 * {@link ConfigServerClient} (its own HTTP connection, as real agents have), on a shared timer
 * pool, over loopback HTTP. Each agent first beats at a random phase within the interval, then
 * every interval; like the managed agent it beats again at once when an answer carried an update,
 * so its new status goes out without waiting an interval.
 *
 * <p>"delivered" is when the agent received the heartbeat answer carrying the new version;
 * "APPLIED" is when the server answered (status 0) the heartbeat that reported it APPLIED: the
 * server has stored that status then. After each phase one status query
 * ({@code GET /api/v1/groups/bench/agents}) checks that the server says so for every agent.
 *
 * <pre>FleetScaleBench [intervals seconds, comma-separated: 10,2] [agents: 1000] [timer threads: 32] [steady seconds: 30] [dir: target/bench-fleet]</pre>
 */
public final class FleetScaleBench {

    static final String AGENT_TOKEN = "bench-agent-token";
    static final String ADMIN_TOKEN = "bench-admin-token";
    static final String CONFIG = "bench-nginx";
    static final String GROUP = "bench";
    static final int CANARY_PERCENT = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int[] intervals = Arrays.stream((args.length > 0 ? args[0] : "10,2").split(",")).mapToInt(Integer::parseInt).toArray();
        int agents = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int steadySeconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        Path dir = Path.of(args.length > 4 ? args[4] : "target/bench-fleet");
        List<Result> results = new ArrayList<>();
        for (int interval : intervals) {
            Path db = dir.resolve("T" + interval + "-" + System.currentTimeMillis());
            Files.createDirectories(db);
            results.add(run(interval, agents, threads, steadySeconds, db));
            System.gc(); // lets the previous run's HTTP clients (and their selector threads) go
        }
        print(agents, threads, steadySeconds, results);
    }

    // ---- one run --------------------------------------------------------------------------------

    record Phase(String name, int agents, long[] deliveredMs, long[] appliedMs, int missing, int serverConfirmed,
                 long statusQueryMs) {
    }

    record Result(int intervalSeconds, long registerMs, double requestsPerSecond, double heartbeatsPerSecond,
                  double serverCpuCores, double serverCpuMsPerRequest, long[] heartbeatMicros, double benchCpuCores,
                  List<Phase> phases, long heapAfterGcBytes, int serverThreads, long beats, long errors, long faults,
                  long fullStateAsks, String firstError, int canaryExpected, int canaryReached, int canaryOutside,
                  double loadAtStart, double loadAtEnd) {
    }

    static Result run(int intervalSeconds, int count, int threads, int steadySeconds, Path db) throws Exception {
        long interval = intervalSeconds * 1000L;
        double loadAtStart = loadAverage();
        System.err.printf("%s T=%ds: starting the config server (%s)%n", Instant.now(), intervalSeconds, db);
        try (ServerProcess server = new ServerProcess(db); Fleet fleet = new Fleet(interval, threads)) {
            Admin admin = new Admin(server.port);
            admin.call("PUT", "/api/v1/groups/" + GROUP, "{\"description\":\"all bench agents\",\"tags\":{\"env\":\"bench\"}}");
            for (int i = 0; i < count; i++) {
                String ip = "10.8." + (i / 250) + "." + (i % 250 + 1);
                ConfigServerClient client = new ConfigServerClient(List.of("http://127.0.0.1:" + server.port), AGENT_TOKEN,
                        Duration.ofSeconds(10));
                fleet.add(new SimulatedAgent(client, ip, "", Map.of("env", "bench")), client);
            }
            long started = System.nanoTime();
            fleet.start();
            waitFor("registration", () -> fleet.agents.stream().allMatch(a -> a.registered), 3 * interval + 30_000);
            long registerMs = (System.nanoTime() - started) / 1_000_000;
            System.err.printf("%s T=%ds: %d agents registered in %d ms; warming up%n", Instant.now(), intervalSeconds, count, registerMs);
            Thread.sleep(Math.max(interval, 10_000));

            // steady state: heartbeats only
            Stats before = server.stats(false);
            long benchCpuBefore = processCpuNanos();
            long beatsBefore = fleet.beats.get();
            long t0 = System.nanoTime();
            fleet.recordLatency = true;
            Thread.sleep(steadySeconds * 1000L);
            fleet.recordLatency = false;
            Stats after = server.stats(false);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long requests = after.requests - before.requests;
            double cpuSeconds = (after.cpuNanos - before.cpuNanos) / 1e9;
            double benchCpu = (processCpuNanos() - benchCpuBefore) / 1e9 / seconds;
            double heartbeatsPerSecond = (fleet.beats.get() - beatsBefore) / seconds;
            long[] latencies = sorted(fleet.latencies.stream().mapToLong(Long::longValue).toArray());
            System.err.printf("%s T=%ds: steady state %.0f requests/s; apply v1%n", Instant.now(), intervalSeconds, requests / seconds);

            List<Phase> phases = new ArrayList<>();
            long timeout = 3 * interval + 20_000;
            admin.call("PUT", "/api/v1/configs/" + CONFIG, "{\"description\":\"bench\",\"yaml\":" + JSON.writeValueAsString(yaml(1)) + "}");
            phases.add(phase("apply v1", fleet, admin, 1, a -> true, a -> 1L, timeout,
                    () -> admin.call("POST", "/api/v1/configs/" + CONFIG + "/apply", "{\"groups\":[\"" + GROUP + "\"]}")));

            admin.call("PUT", "/api/v1/configs/" + CONFIG, "{\"yaml\":" + JSON.writeValueAsString(yaml(2)) + "}");
            phases.add(phase("change to v2", fleet, admin, 2, a -> true, a -> 2L, timeout,
                    () -> admin.call("POST", "/api/v1/configs/" + CONFIG + "/apply", "{\"groups\":[\"" + GROUP + "\"]}")));

            admin.call("PUT", "/api/v1/configs/" + CONFIG, "{\"yaml\":" + JSON.writeValueAsString(yaml(3)) + "}");
            Predicate<Agent> canary = a -> CanaryHash.inCanary(a.sim.instanceId, CANARY_PERCENT);
            long canaryStart = System.nanoTime();
            phases.add(phase("canary v3 to " + CANARY_PERCENT + " %", fleet, admin, 3, canary, a -> canary.test(a) ? 3L : 2L, timeout,
                    () -> admin.call("POST", "/api/v1/configs/" + CONFIG + "/canary",
                            "{\"groups\":[\"" + GROUP + "\"],\"percent\":" + CANARY_PERCENT + "}")));
            // every agent has beaten since the canary began: who got v3 is now settled
            waitFor("a heartbeat of every agent", () -> fleet.agents.stream().allMatch(a -> a.lastBeat > canaryStart), timeout);
            int canaryExpected = (int) fleet.agents.stream().filter(canary).count();
            int canaryReached = (int) fleet.agents.stream().filter(canary).filter(a -> a.delivered.containsKey(3L)).count();
            int canaryOutside = (int) fleet.agents.stream().filter(canary.negate()).filter(a -> a.delivered.containsKey(3L)).count();

            phases.add(phase("promote v3", fleet, admin, 3, canary.negate(), a -> 3L, timeout,
                    () -> admin.call("POST", "/api/v1/configs/" + CONFIG + "/promote", "{}")));

            Stats end = server.stats(true);
            return new Result(intervalSeconds, registerMs, requests / seconds, heartbeatsPerSecond, cpuSeconds / seconds,
                    requests == 0 ? 0 : cpuSeconds * 1000 / requests, latencies, benchCpu, phases, end.heapUsed, end.threads,
                    fleet.beats.get(), fleet.errors.get(), fleet.faults.get(), fleet.fullStateAsks.get(), fleet.firstError.get(),
                    canaryExpected, canaryReached, canaryOutside, loadAtStart, loadAverage());
        }
    }

    interface Call {
        void run() throws Exception;
    }

    /** Times {@code call} to APPLIED of {@code version} on the agents {@code who}, then asks the server. */
    static Phase phase(String name, Fleet fleet, Admin admin, long version, Predicate<Agent> who,
                       java.util.function.Function<Agent, Long> expected, long timeoutMillis, Call call) throws Exception {
        List<Agent> agents = fleet.agents.stream().filter(who).toList();
        System.err.printf("%s %s: %d agents%n", Instant.now(), name, agents.size());
        long t0 = System.nanoTime();
        call.run();
        boolean all = waitUntil(() -> agents.stream().allMatch(a -> a.applied.containsKey(version)), timeoutMillis);
        List<Long> delivered = new ArrayList<>();
        List<Long> applied = new ArrayList<>();
        int missing = 0;
        for (Agent a : agents) {
            Long d = a.delivered.get(version);
            Long ap = a.applied.get(version);
            if (ap == null) {
                missing++;
                continue;
            }
            delivered.add((d - t0) / 1_000_000);
            applied.add((ap - t0) / 1_000_000);
        }
        if (!all) {
            System.err.printf("%s: %d agents did not report APPLIED v%d within %d ms%n", name, missing, version, timeoutMillis);
        }
        Map<String, Long> want = new HashMap<>();
        fleet.agents.forEach(a -> want.put(a.sim.instanceId, expected.apply(a)));
        long q = System.nanoTime();
        JsonNode list = JSON.readTree(admin.call("GET", "/api/v1/groups/" + GROUP + "/agents", null));
        long queryMs = (System.nanoTime() - q) / 1_000_000;
        int confirmed = 0;
        for (JsonNode agent : list) {
            JsonNode status = agent.path("configs").path(CONFIG);
            Long wanted = want.get(agent.path("instanceId").asText());
            if (wanted != null && status.path("version").asLong() == wanted && status.path("status").asText().equals("APPLIED")) {
                confirmed++;
            }
        }
        return new Phase(name, agents.size(), sorted(delivered.stream().mapToLong(Long::longValue).toArray()),
                sorted(applied.stream().mapToLong(Long::longValue).toArray()), missing, confirmed, queryMs);
    }

    static String yaml(int version) {
        // a realistic small collection config; each version changes a step
        return "- route:\n"
                + "    id: bench-nginx\n"
                + "    from:\n"
                + "      uri: tail:bench-nginx\n"
                + "      parameters:\n"
                + "        paths: /var/log/nginx/access.log\n"
                + "      steps:\n"
                + "        - to: parse:nginx\n"
                + "        - to: time:parse?field=time_local\n"
                + "        - setHeader:\n"
                + "            name: bench-version\n"
                + "            constant: \"" + version + "\"\n"
                + "        - to: logstore:bench-project/nginx-access?endpoint=http://127.0.0.1:8090\n";
    }

    // ---- the agents -------------------------------------------------------------------------------

    static final class Agent {
        final SimulatedAgent sim;
        final ConfigServerClient client;
        /** Per version of {@link #CONFIG}: nanoTime the update arrived, and the nanoTime its APPLIED was acknowledged. */
        final Map<Long, Long> delivered = new ConcurrentHashMap<>();
        final Map<Long, Long> applied = new ConcurrentHashMap<>();
        volatile boolean registered;
        volatile long lastBeat;

        Agent(SimulatedAgent sim, ConfigServerClient client) {
            this.sim = sim;
            this.client = client;
        }
    }

    /** The agents' heartbeats on one timer pool; an agent's beats never overlap (each schedules the next). */
    static final class Fleet implements AutoCloseable {
        final List<Agent> agents = new ArrayList<>();
        final long intervalMillis;
        final ScheduledExecutorService timer;
        final AtomicLong beats = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong faults = new AtomicLong();
        final AtomicLong fullStateAsks = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        volatile boolean recordLatency;

        Fleet(long intervalMillis, int threads) {
            this.intervalMillis = intervalMillis;
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, r -> {
                Thread t = new Thread(r, "sim-agent");
                t.setDaemon(true);
                return t;
            });
            pool.setRemoveOnCancelPolicy(true);
            this.timer = pool;
        }

        void add(SimulatedAgent sim, ConfigServerClient client) {
            agents.add(new Agent(sim, client));
        }

        void start() {
            for (Agent a : agents) {
                schedule(a, ThreadLocalRandom.current().nextLong(intervalMillis));
            }
        }

        private void schedule(Agent a, long delay) {
            try {
                timer.schedule(() -> beat(a), delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closed
            }
        }

        private void beat(Agent a) {
            long next = intervalMillis;
            try {
                HeartbeatRequest request = a.sim.nextRequest();
                long sent = System.nanoTime();
                HeartbeatResponse response = a.client.heartbeat(request);
                long answered = System.nanoTime();
                beats.incrementAndGet();
                if (recordLatency) {
                    latencies.add((answered - sent) / 1000);
                }
                if (response.getCommonResponse().getStatus() != 0) {
                    faults.incrementAndGet();
                    firstError.compareAndSet(null, "server fault " + response.getCommonResponse().getStatus() + ": "
                            + response.getCommonResponse().getErrorMessage().toStringUtf8());
                    return;
                }
                if (a.registered && (response.getFlags() & ResponseFlags.ReportFullState_VALUE) != 0) {
                    fullStateAsks.incrementAndGet();
                }
                for (ConfigInfo reported : request.getContinuousPipelineConfigsList()) {
                    if (reported.getName().equals(CONFIG) && reported.getStatus() == ConfigStatus.APPLIED) {
                        a.applied.putIfAbsent(reported.getVersion(), answered);
                    }
                }
                for (ConfigDetail update : response.getContinuousPipelineConfigUpdatesList()) {
                    if (update.getName().equals(CONFIG)) {
                        a.delivered.putIfAbsent(update.getVersion(), answered);
                    }
                }
                a.sim.take(response);
                a.registered = true;
                a.lastBeat = answered;
                next = a.sim.reportPending() ? 0 : intervalMillis;
            } catch (Exception e) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, e.toString());
            } finally {
                if (!timer.isShutdown()) {
                    schedule(a, next);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    // ---- the server -------------------------------------------------------------------------------

    record Stats(long requests, long cpuNanos, long heapUsed, int threads) {
    }

    /** The config server in its own JVM; this JVM's classpath (the bench profile's). */
    static final class ServerProcess implements AutoCloseable {
        final Process process;
        final BufferedReader out;
        final PrintWriter in;
        final int port;

        ServerProcess(Path db) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
            String extra = System.getenv("FLEET_SERVER_JVM_ARGS"); // e.g. to try a JVM flag on the server alone
            if (extra != null && !extra.isBlank()) {
                command.addAll(List.of(extra.trim().split("\\s+")));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), FleetServerProcess.class.getName(),
                    db.toAbsolutePath().toString(), AGENT_TOKEN, ADMIN_TOKEN));
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            port = Integer.parseInt(line("port "));
        }

        Stats stats(boolean afterGc) throws IOException {
            in.println(afterGc ? "gc" : "stats");
            String[] f = line("stats ").split(" ");
            return new Stats(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]));
        }

        private String line(String prefix) throws IOException {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length());
                }
                System.err.println("[server] " + line);
            }
            throw new IOException("the config server process ended (exit " + process.onExit().join().exitValue() + ")");
        }

        @Override
        public void close() throws InterruptedException {
            in.println("quit");
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * The REST API with the admin token, a new connection per call: with over 200 connections open
     * the JDK server closes a kept-alive one after answering, and a PUT on it would fail (the
     * agents' client resends; a person's call is not resent blindly).
     */
    static final class Admin {
        private final int port;

        Admin(int port) {
            this.port = port;
        }

        String call(String method, String path, String body) throws Exception {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return response.body();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    interface Condition {
        boolean holds();
    }

    static void waitFor(String what, Condition condition, long timeoutMillis) throws Exception {
        if (!waitUntil(condition, timeoutMillis)) {
            throw new IllegalStateException(what + ": not within " + timeoutMillis + " ms");
        }
    }

    static boolean waitUntil(Condition condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20); // the bench's own check, in memory: no load on the server
        }
        return true;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The machine's 1-minute load average: other work on the same cores shows in every figure. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static long[] sorted(long[] values) {
        Arrays.sort(values);
        return values;
    }

    /** Nearest rank. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static void print(int agents, int threads, int steadySeconds, List<Result> results) {
        System.out.println();
        System.out.printf("FleetScaleBench: %d simulated agents (%d timer threads, one HTTP client each, loopback), config server"
                + " in its own JVM (-Xmx512m, H2 file); %d cores, steady state %d s%n", agents, threads,
                Runtime.getRuntime().availableProcessors(), steadySeconds);
        System.out.println();
        System.out.println("| interval | phase | agents | delivered p50 / p99 / max (s) | APPLIED p50 / p99 / max (s) | not APPLIED | server status query says APPLIED |");
        System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        for (Result r : results) {
            for (Phase p : r.phases) {
                System.out.printf("| %d s | %s | %d | %s | %s | %d | %d of %d (query %d ms) |%n", r.intervalSeconds, p.name, p.agents,
                        seconds(p.deliveredMs), seconds(p.appliedMs), p.missing, p.serverConfirmed, agents, p.statusQueryMs);
            }
        }
        System.out.println();
        System.out.println("| interval | registration (s) | requests/s | server CPU (cores) | server CPU ms / request | heartbeat latency p50 / p99 / max (ms) | heap after GC (MB) | server threads | agents' JVM CPU (cores) |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Result r : results) {
            System.out.printf("| %d s | %.1f | %.1f | %.3f | %.3f | %.1f / %.1f / %.1f | %.1f | %d | %.3f |%n", r.intervalSeconds,
                    r.registerMs / 1000.0, r.requestsPerSecond, r.serverCpuCores, r.serverCpuMsPerRequest,
                    percentile(r.heartbeatMicros, 0.5) / 1000.0, percentile(r.heartbeatMicros, 0.99) / 1000.0,
                    percentile(r.heartbeatMicros, 1.0) / 1000.0, r.heapAfterGcBytes / 1048576.0, r.serverThreads, r.benchCpuCores);
        }
        System.out.println();
        System.out.println("| interval | heartbeats | failed (I/O) | server faults | unexpected full-state asks | canary: expected / reached / outside | load average at start / end |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Result r : results) {
            System.out.printf("| %d s | %d | %d | %d | %d | %d / %d / %d | %.1f / %.1f |%n", r.intervalSeconds, r.beats, r.errors,
                    r.faults, r.fullStateAsks, r.canaryExpected, r.canaryReached, r.canaryOutside, r.loadAtStart, r.loadAtEnd);
            if (r.firstError != null) {
                System.out.println("first error at T=" + r.intervalSeconds + " s: " + r.firstError);
            }
        }
    }

    private static String seconds(long[] ms) {
        return String.format("%.2f / %.2f / %.2f", percentile(ms, 0.5) / 1000.0, percentile(ms, 0.99) / 1000.0,
                percentile(ms, 1.0) / 1000.0);
    }
}
