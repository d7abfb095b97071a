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
 * where a signed GetLogs reads them back. Only ports and directories are changed.
 */
class DemoRunIT {

    @Test
    void demoRoutesShipToTheEmbeddedLocalLogstore(@TempDir Path work) throws Exception {
        int logstorePort = AgentProcess.freePort();
        int httpPort = AgentProcess.freePort();
        Path output = Paths.get("target", "demo-run-it.log").toAbsolutePath();
        try (AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), output, Map.of(
                "logcamel.localstore.port", Integer.toString(logstorePort),
                "logcamel.localstore.data-dir", work.resolve("localstore").toString(),
                "logcamel.checkpoint.dir", work.resolve("checkpoints").toString(),
                "logcamel.spool.dir", work.resolve("spool").toString(),
                "logcamel.demo.dir", work.resolve("demo-input").toString(),
                "camel.component.logstore.endpoint", "http://localhost:" + logstorePort,
                "quarkus.http.port", Integer.toString(httpPort)));
             LogstoreReader reader = new LogstoreReader(logstorePort, "demo", "demo-key", "demo-secret")) {

            // the stand-in application writes demo-input/app.log; the tail route reads, parses and ships it
            List<Map<String, String>> tailed = reader.awaitLogs("demo-logs", "__topic__: file",
                    Duration.ofSeconds(90), logs -> logs.size() >= 3);
            Map<String, String> first = tailed.get(0);
            assertEquals("INFO", first.get("level"), first.toString());
            assertEquals("demo", first.get("logger"), first.toString());
            assertTrue(first.get("message").startsWith("heartbeat "), first.toString());
            assertTrue(first.get("__tag__:__path__").endsWith("app.log"), first.toString());
            long logTime = Long.parseLong(first.get("__time__"));
            assertTrue(Math.abs(logTime - java.time.Instant.now().getEpochSecond()) < 120,
                    "the log time comes from the line: " + first);

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
