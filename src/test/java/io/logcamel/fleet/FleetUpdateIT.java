package io.logcamel.fleet;

import io.logcamel.configserver.ConfigServer;
import io.logcamel.configserver.ConfigServerSettings;
import io.logcamel.testing.AgentEndpoints;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.AgentSettings;
import io.logcamel.testing.LogstoreReader;
import io.logcamel.testing.NumberedLog;
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
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No loss across updates: the packaged agent, managed by a config server, tails a file that a
 * writer appends numbered lines to while the tailing config is changed five times (a step added
 * and removed, the destination's topic changed). Every number arrives exactly once.
 */
class FleetUpdateIT {

    private static final long LINES = 24_000;

    private final HttpClient http = HttpClient.newHttpClient();

    private String admin(int port, String method, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer it-admin").method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static String config(Path logs, String topic, boolean extraStep) {
        String step = extraStep ? "\\n        - to:\\n            uri: log:fleet-it?level=DEBUG" : "";
        return "{\"yaml\":\"- route:\\n    id: numbered\\n    from:\\n      uri: tail:numbered\\n      parameters:\\n"
                + "        path: " + logs + "\\n        include: '*.log'\\n        startPosition: head\\n      steps:" + step
                + "\\n        - to:\\n            uri: logstore:demo/fleet-it\\n            parameters:\\n              topic: " + topic + "\\n\"}";
    }

    @Test
    void fiveConfigChangesUnderANumberedWriterLoseAndDuplicateNothing(@TempDir Path work) throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Files.copy(Paths.get("application.properties"), work.resolve("application.properties"));
        int logstorePort = AgentProcess.freePort();
        int httpPort = AgentProcess.freePort();
        try (ConfigServer server = ConfigServer.start(new ConfigServerSettings("127.0.0.1", 0,
                "jdbc:h2:file:" + work.resolve("db") + "/fleet", "sa", "", Set.of("it-agent"), Set.of("it-admin"),
                Duration.ofSeconds(30)))) {
            int port = server.port();
            admin(port, "PUT", "/api/v1/groups/it", "{\"tags\":{\"role\":\"fleet-it\"}}");
            admin(port, "PUT", "/api/v1/configs/numbered", config(logs, "v1", false));
            admin(port, "POST", "/api/v1/configs/numbered/apply", "{\"groups\":[\"it\"]}");
            Map<String, String> settings = AgentSettings.managedBy(port, work, logstorePort, httpPort);
            settings.put("logcamel.agent.tags", "role=fleet-it");
                        Path output = Paths.get("target", "fleet-update-it.log").toAbsolutePath();
            try (AgentProcess agent = AgentProcess.start(work, output, settings);
                 LogstoreReader reader = new LogstoreReader(logstorePort, "demo", "demo-key", "demo-secret");
                 NumberedLog.Writer writer = new NumberedLog.Writer(logs.resolve("app.log"), 2000, false)) {
                AgentEndpoints.awaitReady(agent, httpPort, Duration.ofSeconds(90));
                awaitApplied(port, 1, agent);
                writer.start(0, LINES);
                String[][] changes = {{"v2", "true"}, {"v3", "false"}, {"v4", "true"}, {"v5", "false"}, {"v6", "false"}};
                for (int i = 0; i < changes.length; i++) {
                    Thread.sleep(1500); // let the writer get ahead between two changes
                    admin(port, "PUT", "/api/v1/configs/numbered", config(logs, changes[i][0], Boolean.parseBoolean(changes[i][1])));
                    admin(port, "POST", "/api/v1/configs/numbered/apply", "{\"groups\":[\"it\"]}");
                    awaitApplied(port, i + 2, agent);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> writer.written() >= LINES || !writer.isAlive());
                NumberedLog.Tally tally = NumberedLog.awaitTally(reader, "fleet-it", LINES, 0, Duration.ofSeconds(90));
                assertEquals(0, tally.lost(), tally.toString());
                assertEquals(0, tally.duplicated(), tally.toString());
                assertTrue(agent.output().contains("collection config numbered (version 6"), "the last version was applied");
            }
        }
    }

    private void awaitApplied(int port, long version, AgentProcess agent) {
        await("version " + version + " APPLIED").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> AgentEndpoints.failIfExited(agent) && admin(port, "GET", "/api/v1/agents", null)
                        .contains("\"numbered\":{\"version\":" + version + ",\"status\":\"APPLIED\""));
    }
}
