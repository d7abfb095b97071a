package io.logcamel.karavan;

import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.LogstoreReader;
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
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged agent (Camel Quarkus) runs collection configs saved by Camel Karavan, with the
 * kamelets Karavan saved too, found through {@code camel.component.kamelet.location}: the tail
 * twin through an outage of its Logstore (spool and replay) and the Java application twin over
 * HTTP. Each numbered line arrives once.
 */
class KameletAgentIT {

    @Test
    void theAgentRunsKameletRoutesSavedByKaravan(@TempDir Path work) throws Exception {
        Path saved = work.resolve("karavan");
        List<Path> files = new java.util.ArrayList<>(RouteFiles.kameletFiles());
        files.add(RouteFiles.TWINS.resolve("spool-dead-letter.camel.yaml"));
        files.add(RouteFiles.TWINS.resolve("java-app.camel.yaml"));
        Map<Path, Path> written = KaravanCore.roundTrip(files, KaravanCore.Catalog.APACHE, saved);
        Path logs = Files.createDirectories(work.resolve("app"));
        int logstorePort = AgentProcess.freePort();
        int httpPort = AgentProcess.freePort();
        Path output = Paths.get("target", "kamelet-agent-it.log").toAbsolutePath();
        try (AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), output, Map.of(
                "logcamel.routes.include", "file:" + written.get(files.get(files.size() - 2)) + ",file:"
                        + written.get(files.get(files.size() - 1)),
                "camel.component.kamelet.location", "file:" + saved.resolve(RouteFiles.KAMELETS.toString()),
                "logcamel.localstore.port", Integer.toString(logstorePort),
                "logcamel.localstore.data-dir", work.resolve("localstore").toString(),
                "logcamel.localstore.faults.outage", "true",
                "logcamel.checkpoint.dir", work.resolve("checkpoints").toString(),
                "logcamel.spool.dir", work.resolve("spool").toString(),
                "logcamel.example.app-log-dir", logs.toString(),
                "camel.component.logstore.endpoint", "http://localhost:" + logstorePort,
                "quarkus.http.port", Integer.toString(httpPort)));
             LogstoreReader reader = new LogstoreReader(logstorePort, "demo", "demo-key", "demo-secret")) {
            // the local Logstore starts refusing every PutLogs: the tail's batches go to the spool
            Files.writeString(logs.resolve("app.log"), IntStream.rangeClosed(1, 50).mapToObj(i -> "tailed n=" + i)
                    .collect(Collectors.joining("\n", "", "\n")));
            Path spool = work.resolve("spool").resolve("app");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> Files.isDirectory(spool)
                    && Files.list(spool).anyMatch(f -> f.toString().endsWith(".seg") && f.toFile().length() > 0));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> healed = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + logstorePort + "/_local/faults"))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(healed.statusCode() < 300, "faults cleared: " + healed.statusCode() + " " + healed.body());

            List<Map<String, String>> tailed = reader.awaitLogs("app-logs", "tailed", Duration.ofSeconds(90), l -> l.size() >= 50);
            assertEquals(IntStream.rangeClosed(1, 50).mapToObj(i -> "tailed n=" + i).toList(),
                    tailed.stream().map(l -> l.get("content")).sorted(java.util.Comparator.comparingInt(
                            (String c) -> Integer.parseInt(c.substring("tailed n=".length())))).toList(), "every line once");

            String now = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.of("Asia/Shanghai"))
                    .format(LocalDateTime.now().atZone(ZoneId.systemDefault()));
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/ingest/orders-service"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(
                            now + " INFO  [main] com.shop.Orders - paid password=hunter2\n"
                                    + now + " DEBUG [main] com.shop.Orders - noise\n")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(posted.statusCode() < 300, posted.statusCode() + " " + posted.body());
            Map<String, String> order = reader.awaitLogs("app-logs", "app: orders-service", Duration.ofSeconds(30), l -> !l.isEmpty()).get(0);
            assertEquals("paid password=***", order.get("message"), order.toString());
            assertEquals("INFO", order.get("level"));
            assertTrue(agent.isAlive());
        }
    }
}
