package io.logcamel.fleet.agent;

import io.logcamel.configserver.ConfigServer;
import io.logcamel.configserver.ConfigServerSettings;
import io.logcamel.fleet.config.RouteConfigs;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The managed agent against a real config server, in one process: a config applied to its group
 * runs as routes and is APPLIED; a broken version is FAILED with the loader's message while the
 * previous version runs; the last applied version starts from disk when the server is gone;
 * an unassigned config's routes are removed.
 */
class ManagedAgentTest {

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    private String admin(int port, String method, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer admin").method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static String config(String routeId, String scheme) {
        return "{\"yaml\":\"- route:\\n    id: " + routeId + "\\n    from:\\n      uri: " + scheme + ":" + routeId
                + "\\n      steps:\\n        - to: log:" + routeId + "?level=OFF\\n\"}";
    }

    @Test
    void appliesReportsKeepsThePreviousOnFailureAndStartsFromDisk() throws Exception {
        ConfigServer server = ConfigServer.start(new ConfigServerSettings("127.0.0.1", 0, "jdbc:h2:file:" + dir + "/db/fleet",
                "sa", "", Set.of("agent"), Set.of("admin"), Duration.ofSeconds(30)));
        int port = server.port();
        AgentIdentity identity = AgentIdentityReader.read(dir.resolve("none"), Optional.of("10.7.0.1"), Optional.of("env=test"),
                Map.of(), "test");
        ConfigServerClient client = new ConfigServerClient(List.of("http://127.0.0.1:" + port), "agent", Duration.ofSeconds(5));
        AppliedConfigFiles files = new AppliedConfigFiles(dir.resolve("fleet"));
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.start();
        RouteConfigs configs = new RouteConfigs(camel, 5);
        try (ManagedAgent agent = new ManagedAgent(identity, client, configs, files, 60_000)) {
            admin(port, "PUT", "/api/v1/groups/test", "{\"tags\":{\"env\":\"test\"}}");
            admin(port, "PUT", "/api/v1/configs/app", config("app-v1", "timer"));
            admin(port, "POST", "/api/v1/configs/app/apply", "{\"groups\":[\"test\"]}");
            agent.heartbeat();     // registers, receives v1, applies it
            agent.heartbeat();     // reports APPLIED
            assertEquals(ServiceStatus.Started, camel.getRouteController().getRouteStatus("app-v1"));
            String agents = admin(port, "GET", "/api/v1/agents", null);
            assertTrue(agents.contains("\"app\":{\"version\":1,\"status\":\"APPLIED\""), agents);
            assertTrue(agents.contains("\"ip\":\"10.7.0.1\""), agents);

            admin(port, "PUT", "/api/v1/configs/app", config("app-v2", "nosuch"));
            admin(port, "POST", "/api/v1/configs/app/apply", "{\"groups\":[\"test\"]}");
            agent.heartbeat();
            agent.heartbeat();
            agents = admin(port, "GET", "/api/v1/agents", null);
            assertTrue(agents.contains("\"app\":{\"version\":2,\"status\":\"FAILED\",\"message\":\"config server app v2 line 4 route app-v2: No endpoint could be found for: nosuch://app-v2"), agents);
            assertEquals(ServiceStatus.Started, camel.getRouteController().getRouteStatus("app-v1"), "v1 keeps running");
            assertNull(camel.getRoute("app-v2"));
        }
        camel.stop();
        server.close();

        // the server is gone: a restarted agent runs the last applied version from disk
        DefaultCamelContext restarted = new DefaultCamelContext();
        restarted.start();
        RouteConfigs again = new RouteConfigs(restarted, 5);
        try (ManagedAgent agent = new ManagedAgent(identity, client, again, files, 60_000)) {
            agent.start();
            assertEquals(ServiceStatus.Started, restarted.getRouteController().getRouteStatus("app-v1"));
            assertThrows(java.io.IOException.class, agent::heartbeat, "no server to talk to");
        }
        restarted.stop();

        // back with the same database: unassigned, the config's routes go away and its file too
        server = ConfigServer.start(new ConfigServerSettings("127.0.0.1", port, "jdbc:h2:file:" + dir + "/db/fleet",
                "sa", "", Set.of("agent"), Set.of("admin"), Duration.ofSeconds(30)));
        DefaultCamelContext third = new DefaultCamelContext();
        third.start();
        RouteConfigs thirdConfigs = new RouteConfigs(third, 5);
        try (ManagedAgent agent = new ManagedAgent(identity, client, thirdConfigs, files, 60_000)) {
            agent.start();
            admin(port, "DELETE", "/api/v1/configs/app/groups/test", null);
            agent.heartbeat();
            assertNull(third.getRoute("app-v1"));
            assertTrue(files.load().isEmpty());
        } finally {
            third.stop();
            server.close();
        }
    }
}
