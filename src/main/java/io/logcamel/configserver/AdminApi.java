package io.logcamel.configserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The REST API for people ({@code /api/v1/...}, JSON): machine groups, configs with their version
 * history, apply to groups, canary with promote and rollback, agents with their statuses.
 * Every answer is what is true now; every change is kept in the store, so any server answers alike.
 */
public final class AdminApi {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status and JSON body. */
    public record Answer(int status, Object body) {
        static Answer ok(Object body) {
            return new Answer(200, body);
        }

        static Answer error(int status, String message) {
            return new Answer(status, Map.of("error", message));
        }
    }

    private final FleetStore store;
    private final long offlineAfterMillis;

    public AdminApi(FleetStore store, long offlineAfterMillis) {
        this.store = store;
        this.offlineAfterMillis = offlineAfterMillis;
    }

    public Answer handle(String method, String path, String body) throws SQLException {
        String[] p = path.replaceAll("^/api/v1/?", "").split("/");
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (Exception e) {
            return Answer.error(400, "the body is not JSON: " + e.getMessage());
        }
        try {
            return route(method, p, json);
        } catch (IllegalArgumentException e) {
            return Answer.error(400, e.getMessage());
        }
    }

    private Answer route(String method, String[] p, JsonNode json) throws SQLException {
        String head = p.length > 0 ? p[0] : "";
        switch (head) {
            case "groups":
                if (p.length == 1 && method.equals("GET")) {
                    return Answer.ok(store.groups());
                }
                if (p.length == 2 && method.equals("PUT")) {
                    return putGroup(p[1], json);
                }
                if (p.length == 2 && method.equals("GET")) {
                    return store.group(p[1]).<Answer>map(Answer::ok).orElse(Answer.error(404, "no group " + p[1]));
                }
                if (p.length == 2 && method.equals("DELETE")) {
                    return store.deleteGroup(p[1]) ? Answer.ok(Map.of("deleted", p[1])) : Answer.error(404, "no group " + p[1]);
                }
                if (p.length == 3 && p[2].equals("agents") && method.equals("GET")) {
                    return store.group(p[1]).isEmpty() ? Answer.error(404, "no group " + p[1]) : Answer.ok(agents(p[1]));
                }
                break;
            case "configs":
                if (p.length == 1 && method.equals("GET")) {
                    List<Map<String, Object>> list = new ArrayList<>();
                    for (String name : store.configNames()) {
                        list.add(Map.of("name", name, "latestVersion", store.latestVersion(name)));
                    }
                    return Answer.ok(list);
                }
                if (p.length == 2 && method.equals("PUT")) {
                    String yaml = text(json, "yaml");
                    if (yaml == null || yaml.isBlank()) {
                        throw new IllegalArgumentException("yaml: the route file is missing or empty");
                    }
                    checkName(p[1], "config name");
                    long version = store.addVersion(p[1], text(json, "description"), yaml);
                    return Answer.ok(Map.of("name", p[1], "version", version));
                }
                if (p.length == 2 && method.equals("GET")) {
                    return config(p[1]);
                }
                if (p.length == 4 && p[2].equals("versions") && method.equals("GET")) {
                    return store.version(p[1], Long.parseLong(p[3])).<Answer>map(Answer::ok)
                            .orElse(Answer.error(404, "config " + p[1] + " has no version " + p[3]));
                }
                if (p.length == 3 && method.equals("POST")) {
                    return action(p[1], p[2], json);
                }
                if (p.length == 4 && p[2].equals("groups") && method.equals("DELETE")) {
                    return store.deleteAssignment(p[1], p[3]) ? Answer.ok(Map.of("unassigned", p[3]))
                            : Answer.error(404, "config " + p[1] + " is not applied to group " + p[3]);
                }
                break;
            case "agents":
                if (p.length == 1 && method.equals("GET")) {
                    return Answer.ok(agents(null));
                }
                break;
            default:
                break;
        }
        return Answer.error(404, "no such resource: " + method + " /api/v1/" + String.join("/", p));
    }

    private Answer putGroup(String name, JsonNode json) throws SQLException {
        checkName(name, "group name");
        GroupSelector selector = new GroupSelector(list(json, "ips"), list(json, "cidrs"), list(json, "ids"), map(json, "tags"));
        store.putGroup(new FleetStore.Group(name, text(json, "description"), selector));
        return Answer.ok(store.group(name).orElseThrow());
    }

    private Answer config(String name) throws SQLException {
        List<FleetStore.ConfigVersion> versions = store.versions(name);
        if (versions.isEmpty()) {
            return Answer.error(404, "no config " + name);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("latestVersion", store.latestVersion(name));
        out.put("versions", versions);
        out.put("assignments", store.assignments().stream().filter(a -> a.config().equals(name)).toList());
        return Answer.ok(out);
    }

    private Answer action(String name, String action, JsonNode json) throws SQLException {
        long latest = store.latestVersion(name);
        if (latest == 0) {
            return Answer.error(404, "no config " + name);
        }
        List<FleetStore.Assignment> current = store.assignments().stream().filter(a -> a.config().equals(name)).toList();
        switch (action) {
            case "apply", "canary" -> {
                long version = json.has("version") ? json.get("version").asLong() : latest;
                if (store.version(name, version).isEmpty()) {
                    throw new IllegalArgumentException("version: config " + name + " has no version " + version);
                }
                List<String> groups = list(json, "groups");
                if (groups.isEmpty()) {
                    throw new IllegalArgumentException("groups: name at least one machine group");
                }
                for (String group : groups) {
                    if (store.group(group).isEmpty()) {
                        throw new IllegalArgumentException("groups: no machine group " + group);
                    }
                }
                for (String group : groups) {
                    Optional<FleetStore.Assignment> existing = current.stream().filter(a -> a.group().equals(group)).findFirst();
                    if (action.equals("apply")) {
                        store.putAssignment(new FleetStore.Assignment(name, group, version, null, 0, "applied v" + version));
                    } else {
                        int percent = json.has("percent") ? json.get("percent").asInt() : -1;
                        if (percent < 0 || percent > 100) {
                            throw new IllegalArgumentException("percent: the canary share, 0 to 100");
                        }
                        if (existing.isEmpty()) {
                            throw new IllegalArgumentException("groups: config " + name + " is not applied to " + group
                                    + " yet; apply a version first, then canary the next");
                        }
                        store.putAssignment(new FleetStore.Assignment(name, group, existing.get().stableVersion(), version,
                                percent, "canary v" + version + " to " + percent + "%"));
                    }
                }
            }
            case "promote" -> {
                for (FleetStore.Assignment a : current) {
                    if (a.canaryVersion() != null) {
                        store.putAssignment(new FleetStore.Assignment(name, a.group(), a.canaryVersion(), null, 0,
                                "canary v" + a.canaryVersion() + " promoted"));
                    }
                }
            }
            case "rollback" -> {
                if (!json.has("version")) {
                    // without a version: end the canary, everyone back to the stable version
                    for (FleetStore.Assignment a : current) {
                        if (a.canaryVersion() != null) {
                            store.cancelCanary(name, a.canaryVersion(), "canary v" + a.canaryVersion() + " rolled back");
                        }
                    }
                } else {
                    long version = json.get("version").asLong();
                    if (store.version(name, version).isEmpty()) {
                        throw new IllegalArgumentException("version: config " + name + " has no version " + version);
                    }
                    for (FleetStore.Assignment a : current) {
                        store.putAssignment(new FleetStore.Assignment(name, a.group(), version, null, 0,
                                "rolled back to v" + version));
                    }
                }
            }
            default -> {
                return Answer.error(404, "no action " + action + " (apply, canary, promote, rollback)");
            }
        }
        return config(name);
    }

    private List<Map<String, Object>> agents(String group) throws SQLException {
        List<FleetStore.Group> groups = store.groups();
        Map<String, List<FleetStore.AgentConfig>> statuses = new LinkedHashMap<>();
        for (FleetStore.AgentConfig c : store.allAgentConfigs()) {
            statuses.computeIfAbsent(c.instanceId(), k -> new ArrayList<>()).add(c);
        }
        long now = System.currentTimeMillis();
        List<Map<String, Object>> list = new ArrayList<>();
        for (FleetStore.AgentRow agent : store.agents()) {
            List<String> in = DesiredConfigs.groupsOf(agent, groups);
            if (group != null && !in.contains(group)) {
                continue;
            }
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("instanceId", agent.instanceId());
            a.put("ip", agent.ip());
            a.put("hostname", agent.hostname());
            a.put("agentType", agent.agentType());
            a.put("online", now - agent.lastHeartbeat() <= offlineAfterMillis);
            a.put("lastHeartbeat", agent.lastHeartbeat());
            a.put("startupTime", agent.startupTime());
            a.put("groups", in);
            a.put("attributes", agent.attributes());
            Map<String, Object> configs = new LinkedHashMap<>();
            for (FleetStore.AgentConfig c : statuses.getOrDefault(agent.instanceId(), List.of())) {
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("version", c.version());
                status.put("status", c.status());
                status.put("message", c.message() == null ? "" : c.message());
                configs.put(c.config(), status);
            }
            a.put("configs", configs);
            list.add(a);
        }
        return list;
    }

    private static void checkName(String name, String what) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new IllegalArgumentException(what + " '" + name + "': letters, digits, '.', '_' and '-', at most 128");
        }
    }

    private static String text(JsonNode json, String field) {
        return json.hasNonNull(field) ? json.get(field).asText() : null;
    }

    private static List<String> list(JsonNode json, String field) {
        List<String> out = new ArrayList<>();
        if (json.has(field)) {
            if (!json.get(field).isArray()) {
                throw new IllegalArgumentException(field + ": a JSON array of strings");
            }
            json.get(field).forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static Map<String, String> map(JsonNode json, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json.has(field)) {
            if (!json.get(field).isObject()) {
                throw new IllegalArgumentException(field + ": a JSON object of strings");
            }
            json.get(field).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
