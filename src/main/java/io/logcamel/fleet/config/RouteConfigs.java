package io.logcamel.fleet.config;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The collection configs running in one CamelContext, each owning the routes its file defines.
 * Applying a config adds its routes, or replaces the routes of its previous version: the old
 * routes stop taking input and finish their exchanges in flight (Camel's graceful stop), and only
 * then the new ones start, so that a tail under the same name goes on from the same checkpoints.
 * A config that fails to load or start is FAILED with a message naming file, line, route and
 * reason, its half-started routes are removed, and its previous version is started again.
 * Nothing a config does stops another config.
 */
public final class RouteConfigs {

    private static final Logger LOG = Logger.getLogger(RouteConfigs.class);

    private final CamelContext camel;
    private final long stopTimeoutSeconds;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private final Map<String, ConfigState> states = new LinkedHashMap<>();
    private final List<Consumer<ConfigState>> listeners = new ArrayList<>();

    private record Running(CollectionConfig config, List<String> routeIds) {
    }

    public RouteConfigs(CamelContext camel, long stopTimeoutSeconds) {
        this.camel = camel;
        this.stopTimeoutSeconds = stopTimeoutSeconds;
        // Route definitions then keep their file line, which an error message names.
        camel.setSourceLocationEnabled(true);
    }

    /** Called with every new state (after each apply or remove), on the applying thread. */
    public synchronized void onChange(Consumer<ConfigState> listener) {
        listeners.add(listener);
    }

    /** Adds or replaces one config; the state tells whether it runs now. */
    public synchronized ConfigState apply(CollectionConfig config) {
        Running previous = running.get(config.name());
        if (previous != null && previous.config().yaml().equals(config.yaml())
                && previous.config().version() == config.version()) {
            ConfigState current = states.get(config.name());
            if (current.status() == ConfigStatus.APPLIED && current.version() == config.version()) {
                return current;
            }
            // the version still running after a later one FAILED is asked for again (a rollback):
            // nothing to restart, but it is what is true now, so the state says APPLIED
            return publish(new ConfigState(config.name(), config.version(), ConfigStatus.APPLIED, "",
                    config.version(), previous.routeIds(), config.origin()));
        }
        publish(new ConfigState(config.name(), config.version(), ConfigStatus.APPLYING, "",
                previous == null ? -1 : previous.config().version(),
                previous == null ? List.of() : previous.routeIds(), config.origin()));
        List<RouteDefinition> definitions = new ArrayList<>();
        try {
            Loaded loaded = load(config, definitions);
            String clash = clash(config.name(), definitions);
            if (clash != null) {
                throw new IllegalArgumentException(clash);
            }
            if (previous != null) {
                stopAndRemove(previous.routeIds());
            }
            try {
                start(loaded);
            } catch (Exception startFailure) {
                stopAndRemove(loaded.routeIds());
                throw startFailure;
            }
            running.put(config.name(), new Running(config, loaded.routeIds()));
            LOG.infof("collection config %s (version %d, %s) applied: routes %s", config.name(), config.version(),
                    config.origin(), loaded.routeIds());
            return publish(new ConfigState(config.name(), config.version(), ConfigStatus.APPLIED, "",
                    config.version(), loaded.routeIds(), config.origin()));
        } catch (Exception e) {
            String message = ConfigErrors.describe(config, e, definitions);
            LOG.errorf("collection config %s FAILED: %s", config.name(), message);
            LOG.debug("collection config failure", e);
            Running kept = restore(previous);
            return publish(new ConfigState(config.name(), config.version(), ConfigStatus.FAILED, message,
                    kept == null ? -1 : kept.config().version(), kept == null ? List.of() : kept.routeIds(),
                    config.origin()));
        }
    }

    /** Stops (gracefully) and removes the routes of one config; its checkpoints stay on disk. */
    public synchronized void remove(String name) {
        Running previous = running.remove(name);
        if (previous != null) {
            stopAndRemove(previous.routeIds());
            LOG.infof("collection config %s removed: routes %s stopped", name, previous.routeIds());
        }
        ConfigState gone = states.remove(name);
        if (gone != null) {
            publish(new ConfigState(name, -1, ConfigStatus.UNSET, "removed", -1, List.of(), gone.origin()), false);
        }
    }

    public synchronized Map<String, ConfigState> states() {
        return Map.copyOf(states);
    }

    public synchronized Optional<ConfigState> state(String name) {
        return Optional.ofNullable(states.get(name));
    }

    private record Loaded(RoutesBuilder builder, List<String> routeIds) {
    }

    private Loaded load(CollectionConfig config, List<RouteDefinition> definitions) throws Exception {
        // The location's extension picks the YAML DSL; the origin in it is what Camel's errors name.
        if (config.yaml().lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#") || l.equals("---"))) {
            throw new IllegalArgumentException("the file defines no route (it is empty or holds only comments)");
        }
        Resource resource = ResourceHelper.fromString(config.origin().endsWith(".yaml")
                ? config.origin() : config.origin() + ".camel.yaml", config.yaml());
        Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource);
        List<String> ids = new ArrayList<>();
        RoutesBuilder only = null;
        for (RoutesBuilder builder : builders) {
            if (!(builder instanceof RouteBuilder routeBuilder)) {
                throw new IllegalArgumentException("not a route file Camel's YAML DSL can load");
            }
            List<RouteDefinition> routes = routeBuilder.configureRoutes(camel).getRoutes();
            definitions.addAll(routes);
            only = builder;
        }
        int n = 0;
        for (RouteDefinition route : definitions) {
            n++;
            if (route.getRouteId() == null || route.getRouteId().isBlank()) {
                // Stable ids of its own, so that the next version replaces exactly these routes.
                route.routeId(definitions.size() == 1 ? config.name() : config.name() + "-" + n);
            }
            if (ids.contains(route.getRouteId())) {
                throw new IllegalArgumentException("duplicate route id " + route.getRouteId() + " in this file"
                        + lineOf(route));
            }
            ids.add(route.getRouteId());
        }
        if (builders.size() > 1) {
            throw new IllegalArgumentException("one route file per config");
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("the file defines no route (empty or only comments)");
        }
        return new Loaded(only, ids);
    }

    private String clash(String name, List<RouteDefinition> definitions) {
        for (RouteDefinition definition : definitions) {
            String id = definition.getRouteId();
            for (Map.Entry<String, Running> other : running.entrySet()) {
                if (!other.getKey().equals(name) && other.getValue().routeIds().contains(id)) {
                    return "route id " + id + lineOf(definition) + " is already used by config " + other.getKey()
                            + " (" + other.getValue().config().origin() + ")";
                }
            }
            Route existing = camel.getRoute(id);
            if (existing != null && running.values().stream().noneMatch(r -> r.routeIds().contains(id))) {
                return "route id " + id + lineOf(definition) + " is already used by a route outside the collection configs";
            }
        }
        return null;
    }

    private void start(Loaded loaded) throws Exception {
        if (loaded.builder() instanceof RouteConfigurationsBuilder configurations) {
            camel.addRoutesConfigurations(configurations);
        }
        camel.addRoutes(loaded.builder());
    }

    private Running restore(Running previous) {
        if (previous == null) {
            return null;
        }
        if (previous.routeIds().stream().allMatch(id -> camel.getRoute(id) != null)) {
            return previous; // the failure came before the old routes were stopped
        }
        try {
            Loaded again = load(previous.config(), new ArrayList<>());
            start(again);
            LOG.infof("collection config %s: version %d runs again", previous.config().name(), previous.config().version());
            return previous;
        } catch (Exception e) {
            // It ran before, so this is unexpected; the config then runs nothing and says so.
            LOG.errorf(e, "collection config %s: the previous version %d could not be started again",
                    previous.config().name(), previous.config().version());
            running.remove(previous.config().name());
            stopAndRemove(previous.routeIds());
            return null;
        }
    }

    private void stopAndRemove(List<String> routeIds) {
        for (String id : routeIds) {
            try {
                if (camel.getRoute(id) != null) {
                    camel.getRouteController().stopRoute(id, stopTimeoutSeconds, TimeUnit.SECONDS);
                    camel.removeRoute(id);
                }
            } catch (Exception e) {
                LOG.warnf(e, "route %s could not be stopped and removed", id);
            }
        }
    }

    private static String lineOf(RouteDefinition route) {
        return route.getLineNumber() > 0 ? " (line " + route.getLineNumber() + ")" : "";
    }

    private ConfigState publish(ConfigState state) {
        return publish(state, true);
    }

    private ConfigState publish(ConfigState state, boolean keep) {
        if (keep) {
            states.put(state.name(), state);
        }
        for (Consumer<ConfigState> listener : listeners) {
            try {
                listener.accept(state);
            } catch (RuntimeException e) {
                LOG.warnf(e, "config state listener failed for %s", state.name());
            }
        }
        return state;
    }
}
