package io.logcamel.fleet.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.AntPathMatcher;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The route files named by {@code logcamel.routes.include} (minus
 * {@code camel.main.routes-exclude-pattern}), each loaded as a collection config of its own:
 * named after the file (without {@code .camel.yaml}), so one broken file is FAILED and logged
 * while every other file runs. Camel's own route collector is switched off in the jar's
 * properties, since it loads all files as one unit and one error stops the agent.
 */
public final class LocalRouteFiles {

    private static final Logger LOG = Logger.getLogger(LocalRouteFiles.class);

    private LocalRouteFiles() {
    }

    /** The files in the order Camel would load them, as configs; every problem logged. */
    public static List<CollectionConfig> find(CamelContext camel, String includePatterns, String excludePatterns)
            throws Exception {
        return find(camel, includePatterns, excludePatterns, problem -> true);
    }

    /**
     * The same, logging a problem only when {@code report} says so (a watcher looking every few
     * seconds logs a missing folder once, not on every look).
     */
    public static List<CollectionConfig> find(CamelContext camel, String includePatterns, String excludePatterns,
                                              Predicate<String> report) throws Exception {
        Map<String, CollectionConfig> configs = new LinkedHashMap<>();
        if (includePatterns == null || includePatterns.isBlank()) {
            return List.of();
        }
        List<String> excludes = split(excludePatterns);
        for (String pattern : split(includePatterns)) {
            List<Resource> found;
            try {
                found = new ArrayList<>(PluginHelper.getPackageScanResourceResolver(camel).findResources(pattern));
            } catch (Exception e) {
                // a missing folder must not stop the agent: its other patterns and managed configs still run
                String problem = String.format("logcamel.routes.include: %s cannot be read (%s: %s)", pattern,
                        e.getClass().getSimpleName(), e.getMessage());
                if (report.test(problem)) {
                    LOG.error(problem);
                }
                continue;
            }
            found.sort(Comparator.comparing(Resource::getLocation));
            if (found.isEmpty()) {
                String problem = "logcamel.routes.include: " + pattern + " matches no file";
                if (report.test(problem)) {
                    LOG.warn(problem);
                }
            }
            for (Resource resource : found) {
                String location = resource.getLocation();
                if (excludes.stream().anyMatch(e -> matches(e, location))) {
                    continue;
                }
                String name = configName(location);
                String text;
                try (InputStream in = resource.getInputStream()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    text = null;
                    String problem = "route file " + location + " cannot be read: " + e.getMessage();
                    if (report.test(problem)) {
                        LOG.error(problem);
                    }
                }
                if (text == null) {
                    continue;
                }
                CollectionConfig previous = configs.putIfAbsent(name,
                        new CollectionConfig(name, 0, text, displayName(location)));
                if (previous != null && !previous.origin().equals(displayName(location))) {
                    String problem = "route file " + location + " is skipped: config name " + name
                            + " is already taken by " + previous.origin();
                    if (report.test(problem)) {
                        LOG.error(problem);
                    }
                }
            }
        }
        return List.copyOf(configs.values());
    }

    static String configName(String location) {
        String file = location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf(':')) + 1);
        for (String suffix : List.of(".camel.yaml", ".camel.yml", ".yaml", ".yml")) {
            if (file.endsWith(suffix)) {
                return file.substring(0, file.length() - suffix.length());
            }
        }
        return file;
    }

    private static String displayName(String location) {
        return location.startsWith("file:") ? location.substring("file:".length()) : location;
    }

    private static boolean matches(String pattern, String location) {
        String p = pattern.startsWith("file:") ? pattern.substring(5) : pattern;
        String l = displayName(location);
        return AntPathMatcher.INSTANCE.match(p, l) || AntPathMatcher.INSTANCE.match("**/" + p, l);
    }

    private static List<String> split(String patterns) {
        List<String> out = new ArrayList<>();
        if (patterns == null) {
            return out;
        }
        for (String p : patterns.split(",")) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }
}
