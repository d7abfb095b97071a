package io.logcamel.configserver;

import io.logcamel.fleet.agent.ConfigServerClient;
import io.logcamel.testing.PrivateMariaDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two config servers behind one address (as behind a load balancer) on one real MariaDB: the
 * second starts on the schema the first migrated; a config created on one is served by the
 * other; agents whose heartbeats alternate between them get each change once and their status
 * reported to one is what the other shows; with one server gone, the agents go on with the other.
 */
class ConfigServersOnMariaDbIT {

    private static final String AGENT_TOKEN = "agent-token-mdb";
    private static final String ADMIN_TOKEN = "admin-token-mdb";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void twoServersShareGroupsConfigsAndStatusesThroughMariaDb() throws Exception {
        try (PrivateMariaDb db = PrivateMariaDb.start(java.nio.file.Files.createDirectories(dir.resolve("mariadb")))) {
            ConfigServer first = start(db);
            ConfigServer second = start(db); // Flyway finds the schema migrated and changes nothing
            try (Statement statement = db.connect().createStatement();
                 ResultSet migrations = statement.executeQuery("SELECT count(*) FROM configserver_schema_history WHERE success = 1")) {
                migrations.next();
                long applied = migrations.getLong(1);
                assertTrue(applied >= 1, "the schema was migrated");
                try (ConfigServer third = start(db);
                     ResultSet again = statement.executeQuery("SELECT count(*) FROM configserver_schema_history")) {
                    again.next();
                    assertEquals(applied, again.getLong(1), "a server starting on a migrated schema migrates nothing");
                }
            }
            try {
                ConfigServerClient client = new ConfigServerClient(List.of("http://127.0.0.1:" + first.port(),
                        "http://127.0.0.1:" + second.port()), AGENT_TOKEN, Duration.ofSeconds(5));
                admin(first, "PUT", "/api/v1/groups/web", "{\"tags\":{\"role\":\"web\"}}");
                admin(second, "PUT", "/api/v1/configs/nginx", "{\"yaml\":" + json(ConfigServerTest.yaml("nginx-v1")) + "}");
                admin(first, "POST", "/api/v1/configs/nginx/apply", "{\"groups\":[\"web\"]}");
                List<SimulatedAgent> agents = List.of(
                        new SimulatedAgent(client, "10.0.0.1", "", Map.of("role", "web")),
                        new SimulatedAgent(client, "10.0.0.2", "", Map.of("role", "web")),
                        new SimulatedAgent(client, "10.0.0.3", "", Map.of("role", "db")));
                Set<String> answered = new java.util.HashSet<>();
                for (int round = 0; round < 4; round++) {
                    for (SimulatedAgent agent : agents) {
                        agent.heartbeat();
                        answered.add(client.currentServer());
                        client.rotate(); // the next heartbeat goes to the other server
                    }
                }
                assertEquals(2, answered.size(), "heartbeats alternated between the two servers");
                assertEquals(Set.of("nginx"), agents.get(0).configs().keySet());
                assertEquals(Set.of("nginx"), agents.get(1).configs().keySet());
                assertEquals(Set.of(), agents.get(2).configs().keySet(), "not in the group");
                for (ConfigServer server : List.of(first, second)) {
                    String web = admin(server, "GET", "/api/v1/groups/web/agents", null);
                    assertTrue(web.contains(agents.get(0).instanceId) && web.contains(agents.get(1).instanceId), web);
                    assertEquals(2, count(web, "\"nginx\":{\"version\":1,\"status\":\"APPLIED\""), "both servers see both APPLIED: " + web);
                }

                // a new version made on the second server reaches the agents through the first
                admin(second, "PUT", "/api/v1/configs/nginx", "{\"yaml\":" + json(ConfigServerTest.yaml("nginx-v2")) + "}");
                admin(second, "POST", "/api/v1/configs/nginx/apply", "{\"groups\":[\"web\"]}");
                first.close(); // one server gone: the agents' client moves on to the other
                for (int round = 0; round < 2; round++) {
                    for (SimulatedAgent agent : agents) {
                        agent.heartbeat();
                    }
                }
                assertEquals("http://127.0.0.1:" + second.port(), client.currentServer());
                assertEquals(2, agents.get(0).configs().get("nginx").getVersion(), agents.get(0).configs().toString());
                String web = admin(second, "GET", "/api/v1/groups/web/agents", null);
                assertEquals(2, count(web, "\"nginx\":{\"version\":2,\"status\":\"APPLIED\""), web);
            } finally {
                first.close();
                second.close();
            }
        }
    }

    private static ConfigServer start(PrivateMariaDb db) throws Exception {
        return ConfigServer.start(new ConfigServerSettings("127.0.0.1", 0, db.jdbcUrl(), PrivateMariaDb.USER,
                PrivateMariaDb.PASSWORD, Set.of(AGENT_TOKEN), Set.of(ADMIN_TOKEN), Duration.ofSeconds(30)));
    }

    private String admin(ConfigServer server, String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), method + " " + path + ": " + response.body());
        return response.body();
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static int count(String text, String what) {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            count++;
        }
        return count;
    }
}
