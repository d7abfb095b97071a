package io.logcamel.fleet.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;
import java.util.TreeMap;

/**
 * Every collection config's state in {@code /q/health}: "APPLIED v3" or "FAILED v4 (v3 runs): file
 * line route: reason". A FAILED config does not make the agent unready: its other configs collect,
 * and a Kubernetes probe that pulled the pod would stop them too.
 */
@Readiness
@ApplicationScoped
public class CollectionConfigsHealth implements HealthCheck {

    private final RouteConfigs configs;
    private final CollectionConfigsLifecycle lifecycle;

    public CollectionConfigsHealth(RouteConfigs configs, CollectionConfigsLifecycle lifecycle) {
        this.configs = configs;
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        // Not ready until the local files were tried: a probe (or a test) would otherwise send to
        // an HTTP input whose route is not there yet.
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("collection-configs")
                .status(lifecycle.localFilesLoaded());
        Map<String, ConfigState> sorted = new TreeMap<>(configs.states());
        long failed = 0;
        for (ConfigState state : sorted.values()) {
            builder.withData("config." + state.name(), describe(state));
            if (state.status() == ConfigStatus.FAILED) {
                failed++;
            }
        }
        return builder.withData("failed", failed).build();
    }

    static String describe(ConfigState state) {
        StringBuilder text = new StringBuilder(state.status().name()).append(" v").append(state.version());
        if (state.status() == ConfigStatus.FAILED) {
            text.append(state.runningVersion() >= 0 ? " (v" + state.runningVersion() + " runs)" : " (not running)")
                    .append(": ").append(state.message());
        }
        return text.toString();
    }
}
