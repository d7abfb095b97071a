package io.logcamel.configserver;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which version of which config an agent should run: every assignment of a group the agent is in,
 * the canary version for agents in the canary share, else the stable one. When two groups of the
 * agent assign the same config, the higher version wins (a deterministic choice every server makes).
 */
final class DesiredConfigs {

    private final FleetStore store;

    DesiredConfigs(FleetStore store) {
        this.store = store;
    }

    Map<String, Long> forAgent(FleetStore.AgentRow agent) throws SQLException {
        List<String> groups = groupsOf(agent, store.groups());
        Map<String, Long> wanted = new TreeMap<>();
        for (FleetStore.Assignment a : store.assignments()) {
            if (!groups.contains(a.group())) {
                continue;
            }
            long version = a.canaryVersion() != null && CanaryHash.inCanary(agent.instanceId(), a.canaryPercent())
                    ? a.canaryVersion() : a.stableVersion();
            wanted.merge(a.config(), version, Math::max);
        }
        return wanted;
    }

    static List<String> groupsOf(FleetStore.AgentRow agent, List<FleetStore.Group> groups) {
        List<String> ids = userDefinedIds(agent);
        Map<String, String> tags = tags(agent);
        List<String> names = new ArrayList<>();
        for (FleetStore.Group group : groups) {
            if (group.selector().matches(agent.ip(), ids, tags)) {
                names.add(group.name());
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    static List<String> userDefinedIds(FleetStore.AgentRow agent) {
        Object ids = agent.attributes() == null ? null : agent.attributes().get("user_defined_id");
        if (ids instanceof String text && !text.isBlank()) {
            return List.of(text.split(","));
        }
        return List.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> tags(FleetStore.AgentRow agent) {
        Object tags = agent.attributes() == null ? null : agent.attributes().get("tags");
        return tags instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
    }
}
