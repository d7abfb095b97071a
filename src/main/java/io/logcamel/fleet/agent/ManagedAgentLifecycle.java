package io.logcamel.fleet.agent;

import io.logcamel.fleet.config.RouteConfigs;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.camel.quarkus.main.events.AfterStart;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs the managed agent once Camel has started, when {@code logcamel.fleet.servers} names config servers. */
@ApplicationScoped
public class ManagedAgentLifecycle {

    private static final Logger LOG = Logger.getLogger(ManagedAgentLifecycle.class);

    @ConfigProperty(name = "logcamel.fleet.servers")
    Optional<List<String>> servers;
    // Optional: Quarkus treats an empty default as no value, and an unmanaged agent needs none
    @ConfigProperty(name = "logcamel.fleet.token")
    Optional<String> token;
    @ConfigProperty(name = "logcamel.fleet.heartbeat-interval", defaultValue = "10s")
    Duration interval;
    @ConfigProperty(name = "logcamel.fleet.data-dir", defaultValue = "data/fleet")
    Path dataDir;
    @ConfigProperty(name = "logcamel.agent.user-defined-id-file", defaultValue = "user_defined_id")
    Path userDefinedIdFile;
    @ConfigProperty(name = "logcamel.agent.ip")
    Optional<String> ip;
    @ConfigProperty(name = "logcamel.agent.tags")
    Optional<String> tags;
    @ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0")
    String version;

    private volatile ManagedAgent agent;

    void onCamelStarted(@Observes AfterStart event, RouteConfigs configs) throws IOException {
        if (servers.isEmpty() || servers.get().stream().allMatch(String::isBlank)) {
            return;
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("logcamel.fleet.heartbeat-interval: must be positive, was " + interval);
        }
        AgentIdentity identity = AgentIdentityReader.read(userDefinedIdFile, ip, tags, System.getenv(), version);
        ConfigServerClient client = new ConfigServerClient(servers.get(), token.orElse(""), Duration.ofSeconds(10));
        ManagedAgent started = new ManagedAgent(identity, client, configs, new AppliedConfigFiles(dataDir.resolve("configs")),
                interval.toMillis());
        started.start();
        agent = started;
        LOG.infof("managed agent %s (ip %s, ids %s, tags %s) heartbeats to %s every %s", identity.instanceId(), identity.ip(),
                identity.userDefinedIds(), identity.tags(), servers.get(), interval);
    }

    void onStop(@Observes ShutdownEvent event) {
        ManagedAgent running = agent;
        if (running != null) {
            running.close();
        }
    }
}
