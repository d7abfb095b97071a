package io.logcamel.input.syslog;

import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.ShippedJvmFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged agent with the README's JVM flags but a small heap (48 MiB), the syslog example
 * route, and a long outage of the Logstore while four TCP senders push as fast as they can and a
 * UDP sender floods: the agent either holds (its spool fills, TCP stops reading, the senders
 * block, it still answers its health check) or it exits at once with a non-zero code. It never
 * hangs half-dead: a SIGTERM ends it within the shutdown timeout.
 */
class SmallHeapOutageIT {

    /** The flags of the README's run command, the image and the DaemonSet. */
    static final List<String> AGENT_FLAGS = ShippedJvmFlags.get();
    private static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(50);

    @Test
    void withASmallHeapAndALongOutageTheAgentHoldsOrExitsButNeverHangs(@TempDir Path work) throws Exception {
        assertTheShippedFlagsAreTheseFlags();
        int udpPort = AgentProcess.freePort();
        int tcpPort = AgentProcess.freePort();
        int httpPort = AgentProcess.freePort();
        try (LocalLogstoreServer store = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0,
                work.resolve("store"), Map.of("demo-key", "demo-secret"), "demo"))) {
            store.faults().setOutage(true);
            List<String> jvm = ShippedJvmFlags.withHeap("48m"); // the shipped flags, a small heap
            Path spool = work.resolve("spool");
            AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(),
                    Paths.get("target", "small-heap-outage-it.log").toAbsolutePath(), Map.of(
                            "logcamel.localstore.enabled", "false",
                            "logcamel.routes.include", "file:routes/examples/syslog.camel.yaml",
                            "camel.component.logstore.endpoint", "http://localhost:" + store.port(),
                            "logcamel.syslog.host", "127.0.0.1",
                            "logcamel.syslog.udp-port", Integer.toString(udpPort),
                            "logcamel.syslog.tcp-port", Integer.toString(tcpPort),
                            "logcamel.syslog.spool-max-bytes", Integer.toString(8 * 1024 * 1024),
                            "logcamel.spool.dir", spool.toString(),
                            "logcamel.checkpoint.dir", work.resolve("checkpoints").toString(),
                            "quarkus.http.port", Integer.toString(httpPort)), jvm);
            try {
                HttpClient http = HttpClient.newHttpClient();
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                        .until(() -> health(http, httpPort).statusCode() == 200);
                String health = health(http, httpPort).body();
                assertFalse(health.contains("binlog"), "no unconfigured binlog health check: " + health);

                List<SyslogSenders.Sender> tcp = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    tcp.add(SyslogSenders.tcp(tcpPort, "tcp" + i, 2_000_000, 0));
                }
                SyslogSenders.Sender udp = SyslogSenders.udp(udpPort, "udp", 400_000, 20_000);

                // Hold: the spool is at its cap and every TCP sender has been blocked for 3 s. Or exit.
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() ->
                        !agent.isAlive() || (spoolBytes(spool) > 7L * 1024 * 1024
                                && tcp.stream().allMatch(s -> System.nanoTime() - s.lastProgressNanos() > 3_000_000_000L)));
                long rss = agent.rssKib();
                long sent = tcp.stream().mapToLong(SyslogSenders.Sender::sent).sum();
                System.out.printf("SmallHeapOutageIT: agent %s; TCP senders blocked after %d messages; UDP sent %d;"
                                + " spool %d bytes; RSS %d KiB%n", agent.isAlive() ? "holds" : "exited " + agent.exitValue(),
                        sent, udp.sent(), spoolBytes(spool), rss);
                if (agent.isAlive()) {
                    assertEquals(200, health(http, httpPort).statusCode(), "alive means answering, not a zombie");
                    assertTrue(sent < 4L * 2_000_000, "the senders are held back");
                } else {
                    assertNotEquals(0, agent.exitValue(), "an agent that gives up says so with its exit code");
                }
            } finally {
                boolean ended = agent.terminate(SHUTDOWN_BOUND);
                if (!ended) {
                    agent.kill();
                }
                assertTrue(ended, "SIGTERM ended the agent within " + SHUTDOWN_BOUND);
                assertFalse(agent.output().contains("OutOfMemoryError") && agent.isAlive(), "no half-dead agent");
            }
        }
    }

    private static HttpResponse<String> health(HttpClient http, int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long spoolBytes(Path spool) {
        try (Stream<Path> files = Files.walk(spool)) {
            return files.filter(p -> p.toString().endsWith(".seg")).mapToLong(p -> p.toFile().length()).sum();
        } catch (Exception e) {
            return 0;
        }
    }

    /** The README, the container image and the DaemonSet start the agent with these flags. */
    private static void assertTheShippedFlagsAreTheseFlags() throws Exception {
        assertTrue(AGENT_FLAGS.contains("-XX:+ExitOnOutOfMemoryError"), "the README's run command exits on OOM: " + AGENT_FLAGS);
        for (String file : List.of("src/main/docker/Dockerfile.jvm", "kubernetes/agent-daemonset.yaml",
                "src/main/dist/systemd/logcamel.service")) {
            String text = Files.readString(Path.of(file));
            for (String flag : AGENT_FLAGS) {
                assertTrue(text.contains(flag), file + " starts the agent with " + flag);
            }
        }
    }
}
