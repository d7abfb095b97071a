package io.logcamel.fleet.agent;

import java.util.List;
import java.util.Map;

/**
 * Who this agent is to a config server, reported in every full heartbeat: machine groups select
 * agents by {@code ip}, by the {@code userDefinedIds} and by the {@code tags}.
 *
 * @param instanceId     random per process: stable for the process's life, new after a restart
 * @param ip             the address machine groups match (the first non-loopback IPv4, or a setting)
 * @param ips            every non-loopback address of the host, for people
 * @param userDefinedIds from the {@code user_defined_id} file (one per line) and the environment
 * @param startupTime    epoch milliseconds of the process start
 */
public record AgentIdentity(String instanceId, String agentType, String version, String hostname, String ip,
                            List<String> ips, List<String> userDefinedIds, Map<String, String> tags,
                            long startupTime) {

    public AgentIdentity {
        ips = List.copyOf(ips);
        userDefinedIds = List.copyOf(userDefinedIds);
        tags = Map.copyOf(tags);
    }
}
