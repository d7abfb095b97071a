package io.logcamel.bench;

import io.logcamel.input.syslog.SyslogSenders;
import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.LogstoreReader;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The packaged agent (README flags) with the syslog example route, shipping to a local Logstore in
 * this JVM, through an outage: RSS and heap every 5 s while a sender sends at a steady rate,
 * then how long the backlog takes to drain and the RSS once it drained and the agent idles.
 * With {@code tcp-backpressure}: a small spool, the outage never ends, and the sender's rate per
 * 5 s window as the agent stops reading.
 *
 * <p>Arguments: {@code udp|tcp|tcp-backpressure [rate/s=10000] [outage s=60] [extra JVM flags...]}.
 * Build the agent first: {@code ./mvnw -B -q package -DskipTests}.
 */
public final class InputOutageBench {

    /** The README's run command's flags (extra flags given as arguments come after them). */
    static final List<String> FLAGS = io.logcamel.testing.ShippedJvmFlags.get();

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "udp";
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int outageSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        List<String> flags = args.length > 3 && args[3].equals("--flags")
                ? List.of(Arrays.copyOfRange(args, 4, args.length)) : FLAGS;
        boolean backpressure = mode.equals("tcp-backpressure");
        Path work = Files.createTempDirectory("logcamel-outage-bench");
        int udpPort = AgentProcess.freePort();
        int tcpPort = AgentProcess.freePort();
        int httpPort = AgentProcess.freePort();
        try (LocalLogstoreServer store = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0,
                work.resolve("store"), Map.of("demo-key", "demo-secret"), "demo"));
             LogstoreReader reader = new LogstoreReader(store.port(), "demo", "demo-key", "demo-secret")) {
            Map<String, String> settings = new java.util.HashMap<>(Map.of(
                    "logcamel.localstore.enabled", "false",
                    "logcamel.routes.include", "file:routes/examples/syslog.camel.yaml",
                    "camel.component.logstore.endpoint", "http://localhost:" + store.port(),
                    "logcamel.syslog.host", "127.0.0.1",
                    "logcamel.syslog.udp-port", Integer.toString(udpPort),
                    "logcamel.syslog.tcp-port", Integer.toString(tcpPort),
                    "logcamel.spool.dir", work.resolve("spool").toString(),
                    "logcamel.checkpoint.dir", work.resolve("checkpoints").toString(),
                    "quarkus.http.port", Integer.toString(httpPort)));
            if (backpressure) {
                settings.put("logcamel.syslog.spool-max-bytes", Integer.toString(8 * 1024 * 1024));
            }
            System.out.println("flags: " + String.join(" ", flags));
            AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), work.resolve("agent.log"), settings, flags);
            HttpClient http = HttpClient.newHttpClient();
            awaitUp(http, httpPort);
            System.out.printf("started: RSS %d MiB, heap %d MiB%n", agent.rssKib() / 1024, heapMib(http, httpPort));
            long count = backpressure ? 50_000_000L : (long) rate * (outageSeconds + 10);
            String app = mode + "-" + System.nanoTime();
            SyslogSenders.Sender sender = mode.equals("udp")
                    ? SyslogSenders.udp(udpPort, app, count, rate)
                    : SyslogSenders.tcp(tcpPort, app, count, backpressure ? 0 : rate);
            long start = System.nanoTime();
            Thread.sleep(5000);
            store.faults().setOutage(true);
            System.out.println("   s   RSS MiB  heap MiB  sent/s   spool MiB");
            long lastSent = sender.sent();
            int duration = backpressure ? 30 : outageSeconds;
            for (int t = 5; t <= duration; t += 5) {
                Thread.sleep(5000);
                long sent = sender.sent();
                System.out.printf("%4d  %8d  %8d  %6d  %9.1f%s%n", (System.nanoTime() - start) / 1_000_000_000L,
                        agent.rssKib() / 1024, heapMib(http, httpPort), (sent - lastSent) / 5, spoolMib(work),
                        t == 5 ? "   (outage from here)" : "");
                lastSent = sent;
            }
            if (backpressure) {
                System.out.printf("back-pressure: %d messages accepted in total before the sender blocked%n", sender.sent());
                agent.terminate(Duration.ofSeconds(60));
                return;
            }
            store.faults().setOutage(false);
            long recovered = System.nanoTime();
            sender.join(120_000);
            long expected = sender.sent();
            long kernelDrops = 0;
            long queueDrops = 0;
            while (System.nanoTime() - recovered < 600_000_000_000L) {
                kernelDrops = mode.equals("udp") ? SyslogSenders.kernelDrops(udpPort) : 0;
                queueDrops = queueDrops(http, httpPort);
                if (stored(reader, app) + kernelDrops + queueDrops >= expected) {
                    break;
                }
                Thread.sleep(1000);
            }
            System.out.printf("dropped, counted: %d by the kernel (socket receive buffer full), %d by the queue%n",
                    kernelDrops, queueDrops);
            System.out.printf("drained %d s after the outage: %d of %d stored; RSS %d MiB, heap %d MiB%n",
                    (System.nanoTime() - recovered) / 1_000_000_000L, stored(reader, app), expected,
                    agent.rssKib() / 1024, heapMib(http, httpPort));
            for (int t = 15; t <= 60; t += 15) {
                Thread.sleep(15_000);
                System.out.printf("idle %2d s after the drain: RSS %d MiB, heap %d MiB%n", t, agent.rssKib() / 1024,
                        heapMib(http, httpPort));
            }
            agent.terminate(Duration.ofSeconds(60));
        }
    }

    private static void awaitUp(HttpClient http, int port) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (get(http, port, "/q/health").statusCode() == 200) {
                    return;
                }
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("agent not up");
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Heap in use from the agent's own Micrometer JVM metrics. */
    private static long heapMib(HttpClient http, int port) {
        try {
            double bytes = 0;
            for (String line : get(http, port, "/q/metrics").body().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return (long) (bytes / 1024 / 1024);
        } catch (Exception e) {
            return -1;
        }
    }

    /** The agent's counter of events its UDP queue dropped. */
    private static long queueDrops(HttpClient http, int port) {
        try {
            for (String line : get(http, port, "/q/metrics").body().split("\n")) {
                if (line.startsWith("logcamel_batch_dropped_events_total{") && line.contains("syslog-udp")) {
                    return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }

    private static double spoolMib(Path work) {
        try (Stream<Path> files = Files.walk(work.resolve("spool"))) {
            return files.filter(p -> p.toString().endsWith(".seg")).mapToLong(p -> p.toFile().length()).sum() / 1048576.0;
        } catch (Exception e) {
            return 0;
        }
    }

    private static long stored(LogstoreReader reader, String app) {
        try {
            List<Map<String, String>> rows = reader.query("syslog", "app_name: " + app + " | SELECT count(*) AS n", 100, 0);
            return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0).get("n"));
        } catch (Exception e) {
            return 0;
        }
    }
}
