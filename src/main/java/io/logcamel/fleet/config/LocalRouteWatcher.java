package io.logcamel.fleet.config;

import org.apache.camel.CamelContext;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies changes to the local route files while the agent runs, the same way as a config from
 * the config server: a new file adds its config, a changed file replaces that config's routes only
 * (same name, same checkpoints: nothing re-read, nothing skipped), a deleted file removes its
 * config. A file is applied when its text changes, not on every look: a broken edit is FAILED and
 * logged once (the previous version keeps running) until the file changes again.
 * <p>
 * It looks by listing ({@link #poll()}, on the lifecycle's timer) rather than by file-system
 * events: the patterns are Camel resource patterns, editors save through renames, and a look
 * every few seconds at a handful of files costs nothing.
 */
public final class LocalRouteWatcher {

    private static final Logger LOG = Logger.getLogger(LocalRouteWatcher.class);

    private final CamelContext camel;
    private final RouteConfigs configs;
    private final String includePatterns;
    private final String excludePatterns;
    /** The text last applied per config name, of the configs that came from local files. */
    private final Map<String, String> applied = new HashMap<>();
    /** Problems of the last look (a missing folder...): logged when they first appear, not on every look. */
    private Set<String> problems = new HashSet<>();

    public LocalRouteWatcher(CamelContext camel, RouteConfigs configs, String includePatterns, String excludePatterns) {
        this.camel = camel;
        this.configs = configs;
        this.includePatterns = includePatterns;
        this.excludePatterns = excludePatterns;
    }

    /** Applies every file found (at start). */
    public synchronized void loadAll() throws Exception {
        Set<String> seen = new HashSet<>();
        List<CollectionConfig> found = LocalRouteFiles.find(camel, includePatterns, excludePatterns, seen::add);
        problems = seen;
        for (CollectionConfig config : found) {
            configs.apply(config);
            applied.put(config.name(), config.yaml());
        }
    }

    /** One look at the files: applies what is new or changed, removes what is gone. */
    public synchronized void poll() {
        List<CollectionConfig> found;
        Set<String> seen = new HashSet<>();
        try {
            found = LocalRouteFiles.find(camel, includePatterns, excludePatterns,
                    problem -> seen.add(problem) && !problems.contains(problem));
            problems = seen;
        } catch (Exception e) {
            LOG.warnf("logcamel.routes.include: the route files cannot be listed now (%s); the configs running stay",
                    e.getMessage());
            return;
        }
        Map<String, String> gone = new HashMap<>(applied);
        for (CollectionConfig config : found) {
            gone.remove(config.name());
            if (config.yaml().equals(applied.get(config.name()))) {
                continue;
            }
            LOG.infof("route file %s %s: applying it", config.origin(), applied.containsKey(config.name()) ? "changed" : "added");
            applied.put(config.name(), config.yaml());
            configs.apply(config);
        }
        for (String name : gone.keySet()) {
            LOG.infof("route file of collection config %s removed: removing its routes", name);
            applied.remove(name);
            configs.remove(name);
        }
    }
}
