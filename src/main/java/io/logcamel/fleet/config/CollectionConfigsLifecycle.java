package io.logcamel.fleet.config;

import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.quarkus.main.events.AfterStart;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Loads the local route files once Camel has started, each as a config of its own (a route
 * that fails to start must not fail the context, which is why this runs after start and not
 * through Camel's route collector).
 */
@ApplicationScoped
public class CollectionConfigsLifecycle {

    private static final Logger LOG = Logger.getLogger(CollectionConfigsLifecycle.class);

    /**
     * The local route files, comma-separated Camel resource patterns. Not Camel's own
     * {@code camel.main.routes-include-pattern}: Camel pre-parses the files of that one before it
     * starts, and one broken file stops the agent.
     */
    @ConfigProperty(name = "logcamel.routes.include", defaultValue = "file:routes/*.camel.yaml")
    String includePattern;

    /** Off: no local route files at all (a config server on its own, an agent managed only by one). */
    @ConfigProperty(name = "logcamel.routes.enabled", defaultValue = "true")
    boolean localFilesEnabled;

    @ConfigProperty(name = "logcamel.routes.exclude")
    Optional<String> excludePattern;

    @ConfigProperty(name = "camel.main.routes-include-pattern")
    Optional<String> camelIncludePattern;

    /** How long a replaced or removed route may take to finish its exchanges in flight. */
    @ConfigProperty(name = "logcamel.configs.stop-timeout", defaultValue = "45s")
    java.time.Duration stopTimeout;

    @Produces
    @Singleton
    @Unremovable
    RouteConfigs routeConfigs(CamelContext camel) {
        return new RouteConfigs(camel, Math.max(1, stopTimeout.toSeconds()));
    }

    /** How often the route files are looked at for changes, applied while running; 0 turns it off. */
    @ConfigProperty(name = "logcamel.routes.watch-interval", defaultValue = "5s")
    java.time.Duration watchInterval;

    private volatile boolean localFilesLoaded;
    private ScheduledExecutorService watchTimer;

    void onCamelStarted(@Observes AfterStart event, RouteConfigs configs, CamelContext camel) throws Exception {
        camelIncludePattern.filter(p -> !p.isBlank()).ifPresent(p -> LOG.warnf(
                "camel.main.routes-include-pattern=%s is loaded by Camel as one unit (one broken file stops the agent);"
                        + " name collection configs in logcamel.routes.include instead", p));
        if (watchInterval.isNegative()) {
            throw new IllegalArgumentException("logcamel.routes.watch-interval must be >= 0 (0: off), got " + watchInterval);
        }
        if (!localFilesEnabled) {
            localFilesLoaded = true;
            LOG.info("No local route files (logcamel.routes.enabled=false)");
            return;
        }
        LocalRouteWatcher watcher = new LocalRouteWatcher(camel, configs, includePattern, excludePattern.orElse(""));
        try {
            watcher.loadAll();
        } finally {
            localFilesLoaded = true;
        }
        if (!watchInterval.isZero()) {
            long every = Math.max(100, watchInterval.toMillis());
            watchTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "logcamel-routes-watch");
                thread.setDaemon(true);
                return thread;
            });
            watchTimer.scheduleWithFixedDelay(() -> {
                if (camel.isStarted() && !camel.isStopping()) {
                    watcher.poll();
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (watchTimer != null) {
            watchTimer.shutdownNow();
        }
    }

    /** True once every local route file was applied (or failed). */
    public boolean localFilesLoaded() {
        return localFilesLoaded;
    }
}
