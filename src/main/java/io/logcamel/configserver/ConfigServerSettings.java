package io.logcamel.configserver;

import java.time.Duration;
import java.util.Set;

/**
 * @param agentTokens  tokens the protocol endpoints accept ({@code Authorization: Bearer <token>})
 * @param adminTokens  tokens the REST API accepts
 * @param offlineAfter an agent is offline when its last heartbeat is older than this
 */
public record ConfigServerSettings(String host, int port, String jdbcUrl, String dbUser, String dbPassword,
                                   Set<String> agentTokens, Set<String> adminTokens, Duration offlineAfter) {

    public ConfigServerSettings {
        agentTokens = Set.copyOf(agentTokens);
        adminTokens = Set.copyOf(adminTokens);
        if (agentTokens.isEmpty()) {
            throw new IllegalArgumentException("logcamel.configserver.agent-tokens: at least one token for agents");
        }
        if (adminTokens.isEmpty()) {
            throw new IllegalArgumentException("logcamel.configserver.admin-tokens: at least one token for people");
        }
    }
}
