package io.logcamel.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logcamel.configserver.CanaryHash;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three packaged agents in two machine groups, managed by one config server: group {@code web}
 * selects by tag (agents A and B, {@code role=web}), group {@code db} by user-defined identity
 * (agent C, id {@code db-c} from its {@code user_defined_id} file). Each agent reports its own
 * loopback address ({@code logcamel.agent.ip} 127.0.0.11/12/13, all real loopback addresses),
 * so a group by CIDR 127.0.0.0/8 holds all three and one by 10.255.0.0/16 none.
 *
 * <p>A config applied to {@code web} reaches A and B only and is APPLIED; a broken version is
 * FAILED on both while v1 keeps collecting; rolling back makes v1 APPLIED again; a canary of v3
 * to 50 % reaches exactly the agents whose instance id hashes under 50, the other stays on v1;
 * promoted, both run v3. Each of A and B tails its own file of numbered lines throughout, into its
 * own local Logstore: every number arrives exactly once.
 */
class FleetGroupsIT {

    private static final long LINES = 16_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private int port;

    /** One agent process of the test, with its own working directory, Logstore and log file. */
    private record Agent(String name, AgentProcess process, int httpPort, int logstorePort, Path logs) {
    }

    private String admin(String method, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer it-admin").method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** The tailing config; the folder comes from each agent's environment, so one YAML serves the group. */
    private static String config(String topic, boolean broken) {
        String to = broken ? "nosuchcomponent:thing" : "logstore:demo/fleet-groups";
        return "{\"description\":\"" + topic + "\",\"yaml\":\"- route:\\n    id: web-lines\\n    from:\\n      uri: tail:web-lines\\n"
                + "      parameters:\\n        path: '{{env:APP_LOGS}}'\\n        include: '*.log'\\n        startPosition: head\\n"
                + "      steps:\\n        - to:\\n            uri: " + to + "\\n            parameters:\\n              topic: " + topic + "\\n\"}";
    }

    private Agent start(Path work, String name, String ip, Map<String, String> identity) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.copy(Paths.get("application.properties"), dir.resolve("application.properties"));
        int logstorePort = AgentProcess.freePort();
        int httpPort = AgentProcess.freePort();
        Map<String, String> settings = AgentSettings.managedBy(port, dir, logstorePort, httpPort);
                settings.put("logcamel.agent.ip", ip);
        settings.put("APP_LOGS", logs.toString());
        settings.putAll(identity);
        Path output = Paths.get("target", "fleet-groups-it-" + name + ".log").toAbsolutePath();
        return new Agent(name, AgentProcess.start(dir, output, settings), httpPort, logstorePort, logs);
    }

    @Test
    void configsReachExactlyTheirGroupsAndFailRollBackAndCanaryThere(@TempDir Path work) throws Exception {
        Files.copy(Paths.get("application.properties"), work.resolve("application.properties"));
        try (ConfigServer server = ConfigServer.start(new ConfigServerSettings("127.0.0.1", 0,
                "jdbc:h2:file:" + work.resolve("db") + "/fleet", "sa", "", Set.of("it-agent"), Set.of("it-admin"),
                Duration.ofSeconds(30)))) {
            port = server.port();
            admin("PUT", "/api/v1/groups/web", "{\"tags\":{\"role\":\"web\"}}");
            admin("PUT", "/api/v1/groups/db", "{\"ids\":[\"db-c\"]}");
            admin("PUT", "/api/v1/groups/loopback", "{\"cidrs\":[\"127.0.0.0/8\"]}");
            admin("PUT", "/api/v1/groups/elsewhere", "{\"cidrs\":[\"10.255.0.0/16\"]}");
            Files.createDirectories(work.resolve("c"));
            Files.writeString(work.resolve("c").resolve("user_defined_id"), "# this machine\ndb-c\n");
            List<Agent> agents = new ArrayList<>();
            try {
                agents.add(start(work, "a", "127.0.0.11", Map.of("logcamel.agent.tags", "role=web,zone=a")));
                agents.add(start(work, "b", "127.0.0.12", Map.of("LOGCAMEL_AGENT_TAGS", "role=web,zone=b")));
                agents.add(start(work, "c", "127.0.0.13", Map.of("logcamel.agent.tags", "role=db")));
                for (Agent agent : agents) {
                    AgentEndpoints.awaitReady(agent.process(), agent.httpPort(), Duration.ofSeconds(120));
                }
                Map<String, String> ids = awaitRegistered(agents);
                assertEquals(Set.of("127.0.0.11", "127.0.0.12"), ips(admin("GET", "/api/v1/groups/web/agents", null)));
                assertEquals(Set.of("127.0.0.13"), ips(admin("GET", "/api/v1/groups/db/agents", null)));
                assertEquals(Set.of("127.0.0.11", "127.0.0.12", "127.0.0.13"), ips(admin("GET", "/api/v1/groups/loopback/agents", null)));
                assertEquals(Set.of(), ips(admin("GET", "/api/v1/groups/elsewhere/agents", null)));

                admin("PUT", "/api/v1/configs/web-lines", config("v1", false));
                admin("POST", "/api/v1/configs/web-lines/apply", "{\"groups\":[\"web\"]}");
                Map<String, String> v1 = Map.of(ids.get("a"), "1 APPLIED", ids.get("b"), "1 APPLIED");
                awaitStatuses(agents, v1);

                try (NumberedLog.Writer writerA = new NumberedLog.Writer(agents.get(0).logs().resolve("app.log"), 400, false);
                     NumberedLog.Writer writerB = new NumberedLog.Writer(agents.get(1).logs().resolve("app.log"), 400, false)) {
                    writerA.start(0, LINES);
                    writerB.start(0, LINES);

                    // a broken v2: FAILED on both web agents, v1 keeps collecting
                    admin("PUT", "/api/v1/configs/web-lines", config("v2", true));
                    admin("POST", "/api/v1/configs/web-lines/apply", "{\"groups\":[\"web\"]}");
                    awaitStatuses(agents, Map.of(ids.get("a"), "2 FAILED", ids.get("b"), "2 FAILED"));
                    JsonNode failed = agent(admin("GET", "/api/v1/agents", null), ids.get("a")).path("configs").path("web-lines");
                    assertTrue(failed.path("message").asText().contains("nosuchcomponent"), failed.toString());
                    for (Agent agent : agents.subList(0, 2)) {
                        awaitMoreNumbers(agent, "__topic__ = 'v1'");
                    }

                    // rollback: v1 APPLIED again
                    admin("POST", "/api/v1/configs/web-lines/rollback", "{\"version\":1}");
                    awaitStatuses(agents, v1);

                    // canary of v3 to 50 %: exactly the agents the stable hash puts in the canary
                    admin("PUT", "/api/v1/configs/web-lines", config("v3", false));
                    admin("POST", "/api/v1/configs/web-lines/canary", "{\"groups\":[\"web\"],\"version\":3,\"percent\":50}");
                    Map<String, String> canary = new HashMap<>();
                    for (String name : List.of("a", "b")) {
                        canary.put(ids.get(name), CanaryHash.inCanary(ids.get(name), 50) ? "3 APPLIED" : "1 APPLIED");
                    }
                    System.out.println("canary 50 %: buckets a=" + CanaryHash.bucket(ids.get("a")) + " b="
                            + CanaryHash.bucket(ids.get("b")) + " -> " + canary);
                    awaitStatuses(agents, canary);
                    admin("POST", "/api/v1/configs/web-lines/promote", null);
                    awaitStatuses(agents, Map.of(ids.get("a"), "3 APPLIED", ids.get("b"), "3 APPLIED"));

                    for (NumberedLog.Writer writer : List.of(writerA, writerB)) {
                        await().atMost(Duration.ofSeconds(90)).until(() -> writer.written() >= LINES || !writer.isAlive());
                        assertEquals(LINES, writer.written(), "the writer wrote every line");
                    }
                }
                for (Agent agent : agents.subList(0, 2)) {
                    try (LogstoreReader reader = new LogstoreReader(agent.logstorePort(), "demo", "demo-key", "demo-secret")) {
                        NumberedLog.Tally tally = NumberedLog.awaitTally(reader, "fleet-groups", LINES, 0, Duration.ofSeconds(90));
                        assertEquals(0, tally.lost(), agent.name() + ": " + tally);
                        assertEquals(0, tally.duplicated(), agent.name() + ": " + tally);
                        assertTrue(reader.countBy("fleet-groups", "__topic__", "true").containsKey("v3"),
                                agent.name() + " collected under v3 after the promotion");
                    }
                }
                // C (group db) never got the config
                JsonNode c = agent(admin("GET", "/api/v1/agents", null), ids.get("c"));
                assertFalse(c.path("configs").has("web-lines"), c.toString());
                assertFalse(agents.get(2).process().output().contains("collection config web-lines"), "agent c ran no web-lines");
            } finally {
                for (Agent agent : agents) {
                    agent.process().close();
                }
            }
        }
    }

    /** Waits until all three agents have registered; their instance ids by test name (a, b, c), matched by IP. */
    private Map<String, String> awaitRegistered(List<Agent> agents) {
        Map<String, String> ids = new HashMap<>();
        await("three agents registered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            for (Agent agent : agents) {
                AgentEndpoints.failIfExited(agent.process());
            }
            for (JsonNode a : JSON.readTree(admin("GET", "/api/v1/agents", null))) {
                String ip = a.path("ip").asText();
                ids.put(switch (ip) {
                    case "127.0.0.11" -> "a";
                    case "127.0.0.12" -> "b";
                    case "127.0.0.13" -> "c";
                    default -> "other " + ip;
                }, a.path("instanceId").asText());
            }
            return ids.keySet().containsAll(List.of("a", "b", "c"));
        });
        assertEquals(3, ids.size(), "exactly three agents: " + ids);
        return ids;
    }

    /**
     * Waits until the web-lines status of every agent is what {@code expected} says ("version STATUS"
     * by instance id); an agent not in the map must have no web-lines status at all.
     */
    private void awaitStatuses(List<Agent> agents, Map<String, String> expected) {
        await("web-lines " + expected).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            for (Agent agent : agents) {
                AgentEndpoints.failIfExited(agent.process());
            }
            Map<String, String> seen = new HashMap<>();
            for (JsonNode a : JSON.readTree(admin("GET", "/api/v1/agents", null))) {
                JsonNode status = a.path("configs").path("web-lines");
                if (!status.isMissingNode()) {
                    seen.put(a.path("instanceId").asText(), status.path("version").asLong() + " " + status.path("status").asText());
                }
            }
            return seen.equals(expected);
        });
    }

    /** Waits until more numbered lines (under this condition) have reached the agent's Logstore than there are now. */
    private static void awaitMoreNumbers(Agent agent, String where) throws Exception {
        try (LogstoreReader reader = new LogstoreReader(agent.logstorePort(), "demo", "demo-key", "demo-secret")) {
            int before = count(reader, where);
            await(agent.name() + " still collecting under v1").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> count(reader, where) > before + 100);
        }
    }

    private static int count(LogstoreReader reader, String where) {
        try {
            return reader.countBy("fleet-groups", "__topic__", where).values().stream().mapToInt(Integer::intValue).sum();
        } catch (Exception e) {
            return 0; // the logstore is created by the first write
        }
    }

    private static JsonNode agent(String agentsJson, String instanceId) throws Exception {
        for (JsonNode a : JSON.readTree(agentsJson)) {
            if (a.path("instanceId").asText().equals(instanceId)) {
                return a;
            }
        }
        throw new AssertionError("no agent " + instanceId + " in " + agentsJson);
    }

    private static Set<String> ips(String agentsJson) throws Exception {
        Set<String> ips = new TreeSet<>();
        for (JsonNode a : JSON.readTree(agentsJson)) {
            ips.add(a.path("ip").asText());
        }
        return ips;
    }
}
