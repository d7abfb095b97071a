package io.logcamel.fleet;

import io.logcamel.testing.AgentEndpoints;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.AgentSettings;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged agent started with the shipped demo file and six broken files beside it in
 * {@code routes/} (the six cases that used to stop the agent with exit status 1): the demo ships
 * its logs, each broken file is logged FAILED with its file and line, and {@code /q/health}
 * reports each config's state.
 */
class BrokenRouteFilesIT {

    private static final Map<String, String> BROKEN = Map.of(
            "syntax", "- route:\n    id: syntax\n    from:\n      uri: timer:x\n      steps: [ { to: \"log:x\" }\n",
            "unknown-component", "- route:\n    id: unknown-component\n    from:\n      uri: timer:y\n      steps:\n        - to:\n            uri: nosuchcomponent:thing\n",
            "bad-option", "- route:\n    id: bad-option\n    from:\n      uri: tail:bad\n      parameters:\n        path: /tmp\n        noSuchOption: 1\n      steps:\n        - to: log:z\n",
            "bad-value", "- route:\n    id: bad-value\n    from:\n      uri: timer:w\n      parameters:\n        period: every-now-and-then\n      steps:\n        - to: log:w\n",
            "duplicate-id", "- route:\n    id: demo-tail\n    from:\n      uri: timer:v\n      steps:\n        - to: log:v\n",
            "empty", "");

    /** What each broken file's FAILED line must name: file, line, reason. */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "syntax", List.of("routes/syntax.camel.yaml line 5: "),
            "unknown-component", List.of("routes/unknown-component.camel.yaml line 6 route unknown-component: ", "nosuchcomponent"),
            "bad-option", List.of("routes/bad-option.camel.yaml line 4 route bad-option: ", "noSuchOption"),
            "bad-value", List.of("routes/bad-value.camel.yaml line 4 route bad-value: ", "period"),
            "duplicate-id", List.of("routes/duplicate-id.camel.yaml: route id demo-tail (line 1) is already used by config demo"),
            "empty", List.of("routes/empty.camel.yaml: the file defines no route"));

    @Test
    void brokenFilesFailAloneAndTheDemoShips(@TempDir Path work) throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.copy(Paths.get("routes", "demo.camel.yaml"), routes.resolve("demo.camel.yaml"));
        for (Map.Entry<String, String> broken : BROKEN.entrySet()) {
            Files.writeString(routes.resolve(broken.getKey() + ".camel.yaml"), broken.getValue());
        }
        Files.copy(Paths.get("application.properties"), work.resolve("application.properties"));
        int logstorePort = AgentProcess.freePort();
        int httpPort = AgentProcess.freePort();
        Path output = Paths.get("target", "broken-route-files-it.log").toAbsolutePath();
        try (AgentProcess agent = AgentProcess.start(work, output, AgentSettings.demo(work, logstorePort, httpPort));
             LogstoreReader reader = new LogstoreReader(logstorePort, "demo", "demo-key", "demo-secret")) {
            AgentEndpoints.awaitReady(agent, httpPort, Duration.ofSeconds(90));
            reader.awaitLogs("demo-logs", "__topic__: file", Duration.ofSeconds(60), logs -> logs.size() >= 2);
            assertTrue(agent.isAlive(), "the agent runs");

            String log = agent.output();
            for (Map.Entry<String, List<String>> expected : EXPECTED.entrySet()) {
                String failedLine = log.lines().filter(l -> l.contains("collection config " + expected.getKey() + " FAILED: "))
                        .findFirst().orElseThrow(() -> new AssertionError(expected.getKey() + " not reported FAILED:\n" + log));
                for (String part : expected.getValue()) {
                    assertTrue(failedLine.contains(part), "'" + part + "' in: " + failedLine);
                }
            }
            String health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + httpPort + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(health.contains("\"failed\": 6") || health.contains("\"failed\":6"), health);
            assertTrue(health.contains("\"config.demo\": \"APPLIED v0\"") || health.contains("\"config.demo\":\"APPLIED v0\""), health);
            assertTrue(health.contains("FAILED v0 (not running): routes/bad-option.camel.yaml line 4"), health);
        }
    }
}
