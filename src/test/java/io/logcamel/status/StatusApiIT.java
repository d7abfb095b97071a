package io.logcamel.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.testing.AgentEndpoints;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.AgentSettings;
import io.logcamel.testing.LogstoreReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged agent with a key its Logstore refuses: the status API and {@code logcamel status}
 * show {@code send_error} with the error code, readiness goes DOWN naming the route and the code;
 * once the Logstore accepts the key, the state is {@code ok}, readiness UP, and every line
 * arrived exactly once. And a checkpoint directory that cannot be created stops start-up with an
 * error naming the setting.
 */
class StatusApiIT {

    private static final String KEY_ID = "status-key";
    private static final String AGENT_SECRET = "agent-secret-9f3";
    private static final int LINES = 50;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void wrongKeyIsSendErrorAndReadinessDownUntilTheKeyIsAccepted() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path routes = appRoute(logs);
        int storePort = AgentProcess.freePort();
        int httpPort = AgentProcess.freePort();
        Path storeDir = work.resolve("store");
        LocalLogstoreServer store = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", storePort, storeDir,
                Map.of(KEY_ID, "the-secret-the-store-knows"), "demo"));
        Map<String, String> settings = AgentSettings.shippingTo(work, routes, "http://localhost:" + storePort, KEY_ID,
                AGENT_SECRET, httpPort);
        settings.put("logcamel.status.send-failure-timeout", "3s");
        try (AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), work.resolve("agent.log"), settings)) {
            AgentEndpoints.awaitReady(agent, httpPort, Duration.ofSeconds(90));
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < LINES; i++) {
                text.append("status line ").append(i).append('\n');
            }
            Files.writeString(logs.resolve("app.log"), text.toString());

            JsonNode refused = await("send_error").atMost(Duration.ofSeconds(30)).until(() -> route(httpPort, "app-log"),
                    node -> node != null && "send_error".equals(node.path("state").asText()));
            String code = refused.path("errorCode").asText();
            assertTrue(code.equals("SignatureNotMatch") || code.equals("Unauthorized"), refused.toString());
            assertFalse(refused.path("failingSince").isNull(), refused.toString());
            HttpResponse<String> down = await("readiness DOWN").atMost(Duration.ofSeconds(30))
                    .until(() -> get(httpPort, "/q/health/ready"), answer -> answer.statusCode() == 503);
            assertTrue(down.body().contains("app-log") && down.body().contains(code), down.body());
            assertEquals(200, get(httpPort, "/q/health/live").statusCode(), "liveness is about the process");
            String table = logcamelStatus(httpPort);
            assertTrue(table.lines().anyMatch(line -> line.startsWith("app-log") && line.contains("send_error")
                    && line.contains(code)), table);
            String json = get(httpPort, "/q/logcamel/status").body();
            assertFalse(json.contains(AGENT_SECRET), "the secret is in the status");

            // the Logstore now knows the agent's key (as if the user fixed it on the service side)
            store.close();
            store = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", storePort, storeDir,
                    Map.of(KEY_ID, AGENT_SECRET), "demo"));
            JsonNode ok = await("ok").atMost(Duration.ofSeconds(60)).until(() -> route(httpPort, "app-log"),
                    node -> node != null && "ok".equals(node.path("state").asText()));
            assertEquals(LINES, ok.path("logsDelivered").asLong(), ok.toString());
            await("readiness UP").atMost(Duration.ofSeconds(30))
                    .until(() -> get(httpPort, "/q/health/ready").statusCode() == 200);
            String after = logcamelStatus(httpPort);
            assertTrue(after.lines().anyMatch(line -> line.startsWith("app-log") && line.contains(" ok ")), after);
            try (LogstoreReader reader = new LogstoreReader(storePort, "demo", KEY_ID, AGENT_SECRET)) {
                List<Map<String, String>> stored = reader.awaitLogs("app", "*", Duration.ofSeconds(30),
                        found -> found.size() >= LINES);
                Set<String> distinct = new TreeSet<>();
                stored.forEach(log -> distinct.add(log.get("content")));
                assertEquals(LINES, stored.size(), "no duplicates");
                assertEquals(LINES, distinct.size(), "every line once");
            }
            assertFalse(agent.output().contains(AGENT_SECRET), "the secret leaked into the agent's output");
        } finally {
            store.close();
        }
    }

    /**
     * Checkpoints that stop being writable while the agent runs (the directory replaced by a file:
     * root ignores permissions, not a missing directory): the route is {@code failed} with
     * {@code CheckpointWriteFailed}, readiness DOWN naming it; once the directory is back, {@code ok}
     * and UP again, and every line was delivered once.
     */
    @Test
    void checkpointsThatCannotBeWrittenAtRunTimeMakeReadinessDownUntilTheyCanAgain() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path routes = appRoute(logs);
        int storePort = AgentProcess.freePort();
        int httpPort = AgentProcess.freePort();
        Path checkpoints = work.resolve("checkpoints");
        try (LocalLogstoreServer store = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", storePort,
                work.resolve("store"), Map.of(KEY_ID, AGENT_SECRET), "demo"))) {
            Map<String, String> settings = AgentSettings.shippingTo(work, routes, "http://localhost:" + storePort, KEY_ID,
                    AGENT_SECRET, httpPort);
            settings.put("logcamel.status.checkpoint-failure-timeout", "2s");
            try (AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), work.resolve("agent.log"), settings);
                 LogstoreReader reader = new LogstoreReader(storePort, "demo", KEY_ID, AGENT_SECRET)) {
                AgentEndpoints.awaitReady(agent, httpPort, Duration.ofSeconds(90));
                Path log = logs.resolve("app.log");
                Files.writeString(log, lines(0, LINES));
                reader.awaitLogs("app", "*", Duration.ofSeconds(60), found -> found.size() >= LINES);

                Path aside = work.resolve("checkpoints-aside");
                Files.move(checkpoints, aside);
                Files.writeString(checkpoints, "not a directory");
                Files.writeString(log, lines(LINES, LINES), java.nio.file.StandardOpenOption.APPEND);
                JsonNode failed = await("failed").atMost(Duration.ofSeconds(60)).until(() -> route(httpPort, "app-log"),
                        node -> node != null && "failed".equals(node.path("state").asText()));
                assertEquals("CheckpointWriteFailed", failed.path("errorCode").asText(), failed.toString());
                HttpResponse<String> down = await("readiness DOWN").atMost(Duration.ofSeconds(30))
                        .until(() -> get(httpPort, "/q/health/ready"), answer -> answer.statusCode() == 503);
                assertTrue(down.body().contains("app-log") && down.body().contains("CheckpointWriteFailed"), down.body());
                assertEquals(200, get(httpPort, "/q/health/live").statusCode(), "liveness is about the process");
                assertTrue(AgentEndpoints.metric(httpPort, "logcamel_tail_checkpoint_write_failures_total", "") > 0,
                        "checkpoint write failures are counted");

                Files.delete(checkpoints);
                Files.move(aside, checkpoints);
                await("ok").atMost(Duration.ofSeconds(60)).until(() -> route(httpPort, "app-log"),
                        node -> node != null && "ok".equals(node.path("state").asText()));
                await("readiness UP").atMost(Duration.ofSeconds(30))
                        .until(() -> get(httpPort, "/q/health/ready").statusCode() == 200);
                List<Map<String, String>> stored = reader.awaitLogs("app", "*", Duration.ofSeconds(60),
                        found -> found.size() >= 2 * LINES);
                Set<String> distinct = new TreeSet<>();
                stored.forEach(entry -> distinct.add(entry.get("content")));
                assertEquals(2 * LINES, stored.size(), "no duplicates");
                assertEquals(2 * LINES, distinct.size(), "every line once");
            }
        }
    }

    /** The routes directory with one collection config: {@code logs/app.log} to the Logstore {@code demo/app}. */
    private Path appRoute(Path logs) throws IOException {
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("app.camel.yaml"), """
                - route:
                    id: app-log
                    from:
                      uri: tail:app
                      parameters:
                        path: %s
                        include: app.log
                        startPosition: head
                        maxRetryDelay: 1000
                      steps:
                        - to:
                            uri: logstore:demo/app
                """.formatted(logs));
        return routes;
    }

    private static String lines(int from, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            text.append("status line ").append(i).append('\n');
        }
        return text.toString();
    }

    @Test
    void checkpointDirectoryThatCannotBeCreatedStopsStartUp() throws Exception {
        Path notADirectory = Files.writeString(work.resolve("a-file"), "x");
        int httpPort = AgentProcess.freePort();
        Map<String, String> settings = new HashMap<>();
        settings.put("logcamel.localstore.enabled", "false");
        settings.put("logcamel.routes.include", "file:" + Files.createDirectories(work.resolve("routes"))
                + "/*.camel.yaml");
        settings.put("logcamel.checkpoint.dir", notADirectory.resolve("checkpoints").toString());
        settings.put("quarkus.http.port", Integer.toString(httpPort));
        try (AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), work.resolve("agent.log"), settings)) {
            assertTrue(agent.waitFor(Duration.ofSeconds(60)), "the agent must not start");
            assertNotEquals(0, agent.exitValue());
            String output = agent.output();
            assertTrue(output.contains("logcamel.checkpoint.dir") && output.contains("cannot be created"), output);
        }
    }

    private static JsonNode route(int httpPort, String id) throws IOException, InterruptedException {
        HttpResponse<String> answer = get(httpPort, "/q/logcamel/status");
        if (answer.statusCode() != 200) {
            return null;
        }
        for (JsonNode route : JSON.readTree(answer.body()).path("routes")) {
            if (id.equals(route.path("route").asText())) {
                return route;
            }
        }
        return null;
    }

    private static HttpResponse<String> get(int httpPort, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The distribution's {@code logcamel status}, as an operator runs it. */
    private static String logcamelStatus(int httpPort) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", Paths.get("src/main/dist/bin/logcamel").toString(), "status")
                .redirectErrorStream(true);
        builder.environment().put("LOGCAMEL_HTTP_PORT", Integer.toString(httpPort));
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }
}
