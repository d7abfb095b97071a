package io.logcamel.configserver;

import io.logcamel.fleet.agent.ConfigServerClient;
import io.logcamel.fleet.protocol.ConfigStatus;
import io.logcamel.fleet.protocol.HeartbeatResponse;
import io.logcamel.fleet.protocol.ResponseFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The config server in process, on an H2 file, driven over HTTP by simulated agents and the REST
 * API: machine groups by IP, CIDR, id and tags; apply, FAILED, rollback, canary with automatic
 * rollback and promote, version -1 on unassign, ReportFullState after a restart of the server
 * with an empty database, and tokens.
 */
class ConfigServerTest {

    static final String AGENT_TOKEN = "agent-secret-token";
    static final String ADMIN_TOKEN = "admin-secret-token";

    @TempDir
    Path dir;
    private ConfigServer server;
    private ConfigServerClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = start(dir.resolve("db"));
        client = new ConfigServerClient(List.of("http://127.0.0.1:" + server.port()), AGENT_TOKEN, Duration.ofSeconds(5));
    }

    private static ConfigServer start(Path db) throws Exception {
        return ConfigServer.start(new ConfigServerSettings("127.0.0.1", 0, "jdbc:h2:file:" + db + "/fleet", "sa", "",
                Set.of(AGENT_TOKEN), Set.of(ADMIN_TOKEN), Duration.ofSeconds(30)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> api(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String admin(String method, String path, String body) throws Exception {
        HttpResponse<String> response = api(method, path, body, ADMIN_TOKEN);
        assertEquals(200, response.statusCode(), method + " " + path + ": " + response.body());
        return response.body();
    }

    static String yaml(String id) {
        return "- route:\n    id: " + id + "\n    from:\n      uri: timer:" + id + "\n      steps:\n        - to: log:" + id + "\n";
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void groupsSelectByIpCidrIdAndTagsAndAConfigReachesExactlyItsAgents() throws Exception {
        admin("PUT", "/api/v1/groups/web", "{\"ips\":[\"10.0.0.1\"],\"cidrs\":[\"10.1.0.0/16\"]}");
        admin("PUT", "/api/v1/groups/shop", "{\"ids\":[\"shop-eu\"],\"tags\":{\"env\":\"prod\",\"team\":\"pay\"}}");
        SimulatedAgent byIp = new SimulatedAgent(client, "10.0.0.1", "", Map.of());
        SimulatedAgent byCidr = new SimulatedAgent(client, "10.1.2.3", "", Map.of());
        SimulatedAgent byId = new SimulatedAgent(client, "192.168.5.5", "other,shop-eu", Map.of());
        SimulatedAgent byTags = new SimulatedAgent(client, "192.168.5.6", "", Map.of("env", "prod", "team", "pay"));
        SimulatedAgent halfTags = new SimulatedAgent(client, "192.168.5.7", "", Map.of("env", "prod"));
        List<SimulatedAgent> all = List.of(byIp, byCidr, byId, byTags, halfTags);
        for (SimulatedAgent agent : all) {
            agent.heartbeat();
        }
        admin("PUT", "/api/v1/configs/nginx", "{\"description\":\"nginx access\",\"yaml\":" + json(yaml("nginx-v1")) + "}");
        admin("POST", "/api/v1/configs/nginx/apply", "{\"groups\":[\"web\"]}");
        admin("PUT", "/api/v1/configs/orders", "{\"yaml\":" + json(yaml("orders")) + "}");
        admin("POST", "/api/v1/configs/orders/apply", "{\"groups\":[\"shop\"]}");
        for (SimulatedAgent agent : all) {
            agent.heartbeat();
            agent.heartbeat(); // reports the statuses
        }
        assertEquals(Set.of("nginx"), byIp.configs().keySet());
        assertEquals(Set.of("nginx"), byCidr.configs().keySet());
        assertEquals(Set.of("orders"), byId.configs().keySet());
        assertEquals(Set.of("orders"), byTags.configs().keySet());
        assertEquals(Set.of(), halfTags.configs().keySet(), "one tag of two is not enough");

        String agents = admin("GET", "/api/v1/groups/web/agents", null);
        assertTrue(agents.contains(byIp.instanceId) && agents.contains(byCidr.instanceId), agents);
        assertFalse(agents.contains(byId.instanceId), agents);
        assertTrue(agents.contains("\"nginx\":{\"version\":1,\"status\":\"APPLIED\""), agents);
        assertTrue(agents.contains("\"online\":true"), agents);
    }

    @Test
    void aFailedVersionIsReportedARollbackAndAnUnassignDelete() throws Exception {
        admin("PUT", "/api/v1/groups/all", "{\"cidrs\":[\"0.0.0.0/0\"]}");
        SimulatedAgent agent = new SimulatedAgent(client, "10.0.0.9", "", Map.of())
                .failing(d -> d.getDetail().toStringUtf8().contains("broken") ? "line 3: No endpoint nosuch" : null);
        admin("PUT", "/api/v1/configs/app", "{\"yaml\":" + json(yaml("app")) + "}");
        admin("POST", "/api/v1/configs/app/apply", "{\"groups\":[\"all\"]}");
        agent.heartbeat();
        assertEquals(ConfigStatus.APPLIED, agent.configs().get("app").getStatus());

        admin("PUT", "/api/v1/configs/app", "{\"yaml\":" + json(yaml("app").replace("timer:", "broken:")) + "}");
        admin("POST", "/api/v1/configs/app/apply", "{\"groups\":[\"all\"]}");
        agent.heartbeat();
        agent.heartbeat();
        assertEquals(ConfigStatus.FAILED, agent.configs().get("app").getStatus());
        String agents = admin("GET", "/api/v1/agents", null);
        assertTrue(agents.contains("\"app\":{\"version\":2,\"status\":\"FAILED\",\"message\":\"line 3: No endpoint nosuch\"}"), agents);
        HeartbeatResponse quiet = agent.heartbeat();
        assertEquals(0, quiet.getContinuousPipelineConfigUpdatesCount(), "a FAILED version is not sent again and again");

        admin("POST", "/api/v1/configs/app/rollback", "{\"version\":1}");
        HeartbeatResponse rollback = agent.heartbeat();
        assertEquals(1, rollback.getContinuousPipelineConfigUpdates(0).getVersion());
        assertEquals(ConfigStatus.APPLIED, agent.configs().get("app").getStatus());
        String history = admin("GET", "/api/v1/configs/app", null);
        assertTrue(history.contains("\"latestVersion\":2") && history.contains("\"note\":\"rolled back to v1\""), history);

        admin("DELETE", "/api/v1/configs/app/groups/all", null);
        HeartbeatResponse delete = agent.heartbeat();
        assertEquals(-1, delete.getContinuousPipelineConfigUpdates(0).getVersion(), delete.toString());
        assertTrue(agent.configs().isEmpty());
    }

    @Test
    void aCanaryReachesAboutItsShareIsRolledBackOnFailedAndPromoted() throws Exception {
        admin("PUT", "/api/v1/groups/fleet", "{\"cidrs\":[\"10.2.0.0/16\"]}");
        admin("PUT", "/api/v1/configs/svc", "{\"yaml\":" + json(yaml("svc")) + "}");
        admin("POST", "/api/v1/configs/svc/apply", "{\"groups\":[\"fleet\"]}");
        List<SimulatedAgent> agents = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            agents.add(new SimulatedAgent(client, "10.2.0." + (i + 1), "", Map.of()));
        }
        heartbeatAll(agents);
        admin("PUT", "/api/v1/configs/svc", "{\"yaml\":" + json(yaml("svc-v2")) + "}");
        admin("POST", "/api/v1/configs/svc/canary", "{\"groups\":[\"fleet\"],\"percent\":50}");
        heartbeatAll(agents);
        long onCanary = agents.stream().filter(a -> a.configs().get("svc").getVersion() == 2).count();
        long expected = agents.stream().filter(a -> CanaryHash.inCanary(a.instanceId, 50)).count();
        assertEquals(expected, onCanary, "exactly the agents the stable hash puts in the canary");
        assertTrue(onCanary >= 10 && onCanary <= 30, "about half of 40: " + onCanary);

        // v3 as a canary fails on the first canary agent: the canary ends by itself, everyone runs v1
        admin("PUT", "/api/v1/configs/svc", "{\"yaml\":" + json(yaml("svc-v3")) + "}");
        admin("POST", "/api/v1/configs/svc/canary", "{\"groups\":[\"fleet\"],\"percent\":50}");
        agents.forEach(a -> a.failing(d -> d.getVersion() == 3 ? "broken v3" : null));
        heartbeatAll(agents);
        heartbeatAll(agents);
        heartbeatAll(agents);
        assertTrue(agents.stream().allMatch(a -> a.configs().get("svc").getVersion() == 1
                && a.configs().get("svc").getStatus() == ConfigStatus.APPLIED), "all back on v1 after the FAILED canary");
        assertTrue(admin("GET", "/api/v1/configs/svc", null).contains("rolled back: agent"));

        admin("POST", "/api/v1/configs/svc/canary", "{\"groups\":[\"fleet\"],\"version\":2,\"percent\":50}");
        admin("POST", "/api/v1/configs/svc/promote", "{}");
        heartbeatAll(agents);
        assertTrue(agents.stream().allMatch(a -> a.configs().get("svc").getVersion() == 2), "promoted: every agent on v2");
    }

    private static void heartbeatAll(List<SimulatedAgent> agents) throws Exception {
        for (SimulatedAgent agent : agents) {
            agent.heartbeat();
        }
    }

    @Test
    void aServerThatLostItsStateAsksForTheFullStateAndASequenceGapToo() throws Exception {
        SimulatedAgent agent = new SimulatedAgent(client, "10.0.0.1", "", Map.of());
        assertEquals(0, agent.heartbeat().getFlags() & ResponseFlags.ReportFullState_VALUE, "registered by its full state");
        assertEquals(0, agent.heartbeat().getFlags() & ResponseFlags.ReportFullState_VALUE, "a compressed heartbeat in order");
        agent.skipSequence();
        assertEquals(ResponseFlags.ReportFullState_VALUE, agent.heartbeat().getFlags() & ResponseFlags.ReportFullState_VALUE);
        assertEquals(0, agent.heartbeat().getFlags() & ResponseFlags.ReportFullState_VALUE, "full state sent: in order again");

        server.close();
        server = start(dir.resolve("fresh-db")); // a new server with an empty database
        client = new ConfigServerClient(List.of("http://127.0.0.1:" + server.port()), AGENT_TOKEN, Duration.ofSeconds(5));
        SimulatedAgent same = agent;
        HeartbeatResponse unknown = new ConfigServerClient(List.of("http://127.0.0.1:" + server.port()), AGENT_TOKEN,
                Duration.ofSeconds(5)).heartbeat(same.nextRequest());
        assertEquals(ResponseFlags.ReportFullState_VALUE, unknown.getFlags() & ResponseFlags.ReportFullState_VALUE);
    }

    @Test
    void wrongOrMissingTokensGet401AndChangeNothing() throws Exception {
        for (String token : new String[] {null, "wrong", AGENT_TOKEN}) {
            HttpResponse<String> put = api("PUT", "/api/v1/groups/evil", "{\"ips\":[\"1.1.1.1\"]}", token);
            assertEquals(401, put.statusCode(), "token " + token + ": " + put.body());
            assertEquals(401, api("GET", "/api/v1/agents", null, token).statusCode());
        }
        assertEquals("[]", admin("GET", "/api/v1/groups", null), "nothing was created");
        for (String token : new String[] {null, "wrong", ADMIN_TOKEN}) {
            ConfigServerClient wrong = new ConfigServerClient(List.of("http://127.0.0.1:" + server.port()),
                    token == null ? "" : token, Duration.ofSeconds(5));
            SimulatedAgent agent = new SimulatedAgent(wrong, "10.0.0.1", "", Map.of());
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, agent::heartbeat);
            assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
        }
        assertEquals("[]", admin("GET", "/api/v1/agents", null), "no agent was registered");
        assertFalse(admin("GET", "/api/v1/agents", null).contains(AGENT_TOKEN));
    }
}
