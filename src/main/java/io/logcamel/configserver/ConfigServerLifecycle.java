package io.logcamel.configserver;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Serves the config server from the agent's application when {@code logcamel.configserver.enabled}
 * (an agent with no routes and this setting is a config server on its own).
 */
@ApplicationScoped
public class ConfigServerLifecycle {

    @ConfigProperty(name = "logcamel.configserver.enabled", defaultValue = "false")
    boolean enabled;
    @ConfigProperty(name = "logcamel.configserver.host", defaultValue = "0.0.0.0")
    String host;
    @ConfigProperty(name = "logcamel.configserver.port", defaultValue = "8899")
    int port;
    @ConfigProperty(name = "logcamel.configserver.jdbc-url", defaultValue = "jdbc:h2:file:./data/configserver/fleet")
    String jdbcUrl;
    @ConfigProperty(name = "logcamel.configserver.jdbc-user", defaultValue = "sa")
    String jdbcUser;
    @ConfigProperty(name = "logcamel.configserver.jdbc-password", defaultValue = "")
    Optional<String> jdbcPassword;
    @ConfigProperty(name = "logcamel.configserver.agent-tokens")
    Optional<List<String>> agentTokens;
    @ConfigProperty(name = "logcamel.configserver.admin-tokens")
    Optional<List<String>> adminTokens;
    @ConfigProperty(name = "logcamel.configserver.offline-after", defaultValue = "35s")
    Duration offlineAfter;

    private volatile ConfigServer server;

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        ConfigServerSettings settings = new ConfigServerSettings(host, port, jdbcUrl, jdbcUser, jdbcPassword.orElse(""),
                tokens(agentTokens), tokens(adminTokens), offlineAfter);
        try {
            server = ConfigServer.start(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("logcamel.configserver.port: the config server could not listen on " + host + ":"
                    + port + ": " + e.getMessage(), e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        ConfigServer running = server;
        if (running != null) {
            running.close();
        }
    }

    private static Set<String> tokens(Optional<List<String>> list) {
        Set<String> set = new HashSet<>();
        list.ifPresent(l -> l.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(set::add));
        return set;
    }
}
