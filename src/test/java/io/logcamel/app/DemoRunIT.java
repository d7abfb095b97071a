package io.logcamel.app;

import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.LogstoreReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's run command, for real: the packaged agent with the top-level
 * application.properties and routes/ ships the demo routes' logs to its embedded local Logstore,
 * where a signed GetLogs reads them back. Only ports and the data directory are changed.
 */
class DemoRunIT {

    @Test
    void demoRoutesShipToTheEmbeddedLocalLogstore(@TempDir Path dataDir) throws Exception {
        int logstorePort = AgentProcess.freePort();
        int httpPort = AgentProcess.freePort();
        Path output = Paths.get("target", "demo-run-it.log").toAbsolutePath();
        try (AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), output, Map.of(
                "logcamel.localstore.port", Integer.toString(logstorePort),
                "logcamel.localstore.data-dir", dataDir.toString(),
                "camel.component.logstore.endpoint", "http://localhost:" + logstorePort,
                "quarkus.http.port", Integer.toString(httpPort)));
             LogstoreReader reader = new LogstoreReader(logstorePort, "demo", "demo-key", "demo-secret")) {

            List<Map<String, String>> heartbeats = reader.awaitLogs("demo-logs", "__topic__: heartbeat",
                    Duration.ofSeconds(90), logs -> logs.size() >= 3);
            assertTrue(heartbeats.get(0).get("content").startsWith("demo heartbeat "), heartbeats.get(0).toString());

            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + httpPort + "/ingest/demo"))
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("first posted line\nsecond posted line\n")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, posted.statusCode(), posted.body());
            assertEquals("accepted 2 lines", posted.body());

            List<Map<String, String>> ingested = reader.awaitLogs("demo-logs", "__topic__: http",
                    Duration.ofSeconds(30), logs -> logs.size() >= 2);
            assertEquals(List.of("first posted line", "second posted line"),
                    ingested.stream().map(log -> log.get("content")).toList());
            assertTrue(agent.isAlive());
            assertFalse(agent.output().contains("demo-secret"), "the access key secret leaked into the agent's output");
        }
    }
}
