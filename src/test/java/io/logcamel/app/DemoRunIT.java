package io.logcamel.app;

import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.AgentSettings;
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
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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
        try (AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), output, AgentSettings.demo(work, logstorePort, httpPort));
             LogstoreReader reader = new LogstoreReader(logstorePort, "demo", "demo-key", "demo-secret")) {

            // the stand-in application writes demo-input/app.log; the tail route reads, parses and ships it
            List<Map<String, String>> tailed = reader.awaitLogs("demo-logs", "__topic__: file",
                    Duration.ofSeconds(90), logs -> logs.size() >= 3);
            Map<String, String> first = tailed.get(0);
            assertEquals("INFO", first.get("level"), first.toString());
            assertEquals("demo", first.get("logger"), first.toString());
            // the heartbeat is numbered by the timer's counter (an exchange property in Camel 4)
            List<Long> counters = tailed.stream().map(log -> {
                assertTrue(log.get("message").matches("heartbeat \\d+"), "a counted heartbeat: " + log);
                return Long.parseLong(log.get("message").substring("heartbeat ".length()));
            }).toList();
            assertEquals(1L, counters.get(0), "the first heartbeat: " + tailed);
            assertEquals(counters.size(), counters.stream().distinct().count(), "each heartbeat has its own number");
            assertTrue(first.get("__tag__:__path__").endsWith("app.log"), first.toString());
            long logTime = Long.parseLong(first.get("__time__"));
            assertTrue(Math.abs(logTime - java.time.Instant.now().getEpochSecond()) < 120,
                    "the log time comes from the line: " + first);

            // POSTed lines are parsed like the file's: fields and the log's time from the line
            LocalDateTime written = LocalDateTime.now().minusSeconds(90).withNano(250_000_000);
            String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").format(written);
            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + httpPort + "/ingest/demo"))
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(stamp + " WARN [curl] first posted line\n"
                            + stamp + " ERROR [curl] second posted line\nnot in the demo's format\n")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, posted.statusCode(), posted.body());
            assertEquals("accepted 3 lines", posted.body());
            // curl -d without a Content-Type sends a form: refused with what to send instead, not stored
            HttpResponse<String> form = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + httpPort + "/ingest/demo"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(stamp + " WARN [curl] a form line")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(415, form.statusCode(), form.body());
            assertTrue(form.body().contains("text/plain"), form.body());

            List<Map<String, String>> ingested = reader.awaitLogs("demo-logs", "__topic__: http",
                    Duration.ofSeconds(30), logs -> logs.size() >= 3);
            Map<String, String> warn = ingested.stream().filter(log -> "WARN".equals(log.get("level"))).findFirst()
                    .orElseThrow(() -> new AssertionError("the WARN line was not parsed: " + ingested));
            assertEquals("curl", warn.get("logger"), warn.toString());
            assertEquals("first posted line", warn.get("message"), warn.toString());
            assertEquals(Long.toString(written.atZone(ZoneId.systemDefault()).toEpochSecond()), warn.get("__time__"),
                    "the log time comes from the posted line: " + warn);
            assertTrue(ingested.stream().anyMatch(log -> "ERROR".equals(log.get("level"))
                    && "second posted line".equals(log.get("message"))), ingested.toString());
            Map<String, String> other = ingested.stream().filter(log -> log.containsKey("__parse_error__")).findFirst()
                    .orElseThrow(() -> new AssertionError("the line of another shape is kept: " + ingested));
            assertEquals("not in the demo's format", other.get("content"), other.toString());
            assertEquals(3, ingested.size(), "only the text POST's three lines are stored: " + ingested);
            assertTrue(agent.isAlive());
            assertFalse(agent.output().contains("demo-secret"), "the access key secret leaked into the agent's output");
        }
    }
}
