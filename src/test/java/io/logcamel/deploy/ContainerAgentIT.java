package io.logcamel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.MappingIterator;
import io.logcamel.testing.AgentEndpoints;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.AgentSettings;
import io.logcamel.testing.KubeletLogs;
import io.logcamel.testing.LocalLogstoreFixture;
import io.logcamel.testing.NumberedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged agent with the container collection config exactly as {@code kubernetes/} ships it
 * (the {@code containers-default} route of the {@code logcamel-routes} ConfigMap, its
 * {@code /var/log/} mapped to the test's node directory, Kubernetes API enrichment on with no API
 * to reach), over a node where containerd (CRI) and Docker (json-file) containers of namespace
 * {@code default} write numbered lines, some in partial lines, stdout and stderr interleaved, while
 * the kubelet rotates and compresses their files and one container restarts; a container of
 * another namespace is not collected. The agent is killed with SIGKILL once and restarted. Every
 * line of {@code default} arrives, joined (whole 199-byte lines), tagged with its pod.
 */
class ContainerAgentIT {

    private static final int LINES_PER_SECOND = 1_500;
    private static final int ROTATE_EVERY = 3_000;
    private static final int MAX_BATCH_LINES = 4096; // the tail's default

    @TempDir
    Path work;

    @Test
    void theShippedContainerConfigCollectsEveryLineThroughRotationsRestartsAndASigkill() throws Exception {
        Node node = Node.withShippedContainerConfig(work);
        Path pods = node.pods();
        Path links = node.links();
        Path routes = node.routes();

        try (LocalLogstoreFixture store = new LocalLogstoreFixture(work.resolve("store"));
             KubeletLogs.Container web = new KubeletLogs.Container(pods, links, KubeletLogs.Format.CRI, "default",
                     "web-7d4b9", "0f5c2a6e-1111-4a7e-9a53-6a1f3c9e2b01", "nginx", "c0ffee01");
             KubeletLogs.Container worker = new KubeletLogs.Container(pods, links, KubeletLogs.Format.DOCKER, "default",
                     "worker-5f8c6", "0f5c2a6e-2222-4a7e-9a53-6a1f3c9e2b02", "app", "c0ffee02");
             KubeletLogs.Container noise = new KubeletLogs.Container(pods, links, KubeletLogs.Format.CRI, "kube-system",
                     "noise-1", "0f5c2a6e-3333-4a7e-9a53-6a1f3c9e2b03", "sidecar", "c0ffee03")) {
            int httpPort = AgentProcess.freePort();
            Map<String, String> settings = AgentSettings.shippingTo(work, routes, store, httpPort);

            AtomicLong written = new AtomicLong();
            AtomicBoolean writing = new AtomicBoolean(true);
            // the kubelet compresses the file it rotated the time before: a file compressed while the
            // agent is down is beyond any tail, so the kubelet here rotates only while the agent runs
            AtomicBoolean agentUp = new AtomicBoolean(false);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    long started = System.nanoTime();
                    for (long n = 0; writing.get(); n++) {
                        KubeletLogs.Container container = n % 2 == 0 ? web : worker;
                        String stream = n % 3 == 0 ? "stderr" : "stdout";
                        String line = NumberedLog.line(n);
                        Instant time = Instant.now();
                        if (n % 10 == 0) { // the runtime cut this one into parts
                            container.writePart(time, stream, true, line.substring(0, 60));
                            container.writePart(time, stream, true, line.substring(60, 130));
                            container.writePart(time, stream, false, line.substring(130));
                        } else {
                            container.writeLine(time, stream, line);
                        }
                        if (n % 50 == 0) {
                            noise.writeLine(time, "stdout", "kube-system line " + n);
                        }
                        written.set(n + 1);
                        if (n > 1 && n % ROTATE_EVERY <= 1 && agentUp.get()) {
                            container.rotate(); // web at multiples of ROTATE_EVERY, worker one line later
                        }
                        if (n == 2 * ROTATE_EVERY + 1) {
                            worker.restart("c0ffee12"); // a new 1.log, read from its start
                        }
                        long due = started + (n + 1) * 1_000_000_000L / LINES_PER_SECOND;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "kubelet-and-runtime");

            AgentProcess first = AgentProcess.start(Paths.get("").toAbsolutePath(), work.resolve("agent-1.log"), settings);
            AgentProcess agent = first;
            try {
                AgentEndpoints.awaitReady(agent, httpPort, Duration.ofSeconds(90));
                agentUp.set(true);
                writer.start();
                await("lines delivered before the kill").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> AgentEndpoints.failIfExited(first)
                                && AgentEndpoints.metric(httpPort, "logcamel_tail_lines_delivered_total", "") >= 6_000);
                agentUp.set(false);
                agent.kill(); // SIGKILL while containers write
                agent = AgentProcess.start(Paths.get("").toAbsolutePath(), work.resolve("agent-2.log"), settings);
                AgentEndpoints.awaitReady(agent, httpPort, Duration.ofSeconds(90));
                agentUp.set(true);
                long target = written.get() + 8_000;
                await("more lines written").atMost(Duration.ofSeconds(60)).until(() -> written.get() >= target);
                writing.set(false);
                writer.join(10_000);
                assertNull(failure.get(), "the writer failed");
                assertTrue(worker.restartCount() == 1 && web.rotations() >= 2 && worker.rotations() >= 2, "rotations "
                        + web.rotations() + " and " + worker.rotations() + ", worker restarts " + worker.restartCount());

                long expected = written.get();
                NumberedLog.Tally tally = NumberedLog.awaitTally(store.reader(), "k8s-default", expected, 0,
                        Duration.ofSeconds(120));
                System.out.println("ContainerAgentIT: " + tally + ", web rotations " + web.rotations()
                        + ", worker rotations " + worker.rotations());
                assertEquals(0, tally.lost(), tally.toString());
                assertEquals(0, tally.fragments(), "every partial line joined: " + tally);
                // duplicates: what was delivered and not yet checkpointed at the kill, at most a batch per file
                assertTrue(tally.duplicated() <= 3L * MAX_BATCH_LINES, "duplicates beyond the batches in flight: " + tally);

                // every log: its pod, namespace and stream as written (even numbers from web, odd from worker;
                // every third on stderr), and the restarted container's lines with restart count 1
                long restartedLines = 0;
                for (Map<String, String> log : store.reader().all("k8s-default", "*")) {
                    long n = NumberedLog.numberOf(log.get("content"));
                    String where = n + " " + log;
                    assertEquals("default", log.get("__tag__:_namespace_"), where);
                    assertEquals(n % 2 == 0 ? "web-7d4b9" : "worker-5f8c6", log.get("__tag__:_pod_name_"), where);
                    assertEquals(n % 2 == 0 ? "nginx" : "app", log.get("__tag__:_container_name_"), where);
                    assertEquals(n % 3 == 0 ? "stderr" : "stdout", log.get("stream"), where);
                    if ("1".equals(log.get("__tag__:_restart_count_"))) {
                        restartedLines++;
                    }
                }
                assertTrue(restartedLines > 0, "the restarted container's lines carry restart count 1");
                assertTrue(agent.output().contains("Kubernetes"), "the missing API is logged: " + agent.output());
            } finally {
                writing.set(false);
                agent.kill();
            }
        }
    }

    /**
     * A node's kubelet directories under {@code work/node} ({@code pods/}, {@code containers/}) and a
     * routes directory holding the shipped {@code containers-default} config with its {@code /var/log/}
     * mapped there.
     */
    record Node(Path pods, Path links, Path routes) {

        static Node withShippedContainerConfig(Path work) throws Exception {
            Path node = Files.createDirectories(work.resolve("node"));
            Path routes = Files.createDirectories(work.resolve("routes"));
            String shipped = shippedRoute("containers-default.camel.yaml");
            assertTrue(shipped.contains("/var/log/pods"), shipped);
            Files.writeString(routes.resolve("containers-default.camel.yaml"), shipped.replace("/var/log/", node + "/"));
            return new Node(Files.createDirectories(node.resolve("pods")), Files.createDirectories(node.resolve("containers")),
                    routes);
        }
    }

    /** A collection config of the {@code logcamel-routes} ConfigMap in {@code kubernetes/agent-config.yaml}. */
    private static String shippedRoute(String name) throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (MappingIterator<JsonNode> documents = yaml.readerFor(JsonNode.class)
                .readValues(Path.of("kubernetes", "agent-config.yaml").toFile())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if ("logcamel-routes".equals(document.path("metadata").path("name").asText())) {
                    return document.path("data").path(name).asText();
                }
            }
        }
        throw new AssertionError(name + " is not in the logcamel-routes ConfigMap");
    }
}
