package io.logcamel.fleet.config;

import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The route files watched, stepped by the test: a file added, changed, broken, mended and
 * deleted; each look applies only what changed, a broken edit is tried once, and the other file's
 * config is never touched.
 */
class LocalRouteWatcherTest {

    @TempDir
    Path dir;

    private DefaultCamelContext camel;
    private RouteConfigs configs;
    private LocalRouteWatcher watcher;
    private final List<ConfigState> changes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        configs = new RouteConfigs(camel, 5);
        configs.onChange(changes::add);
        watcher = new LocalRouteWatcher(camel, configs, "file:" + dir + "/*.camel.yaml", "");
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private void write(String name, String routeId, String body) throws Exception {
        Files.writeString(dir.resolve(name + ".camel.yaml"), """
                - route:
                    id: %s
                    from:
                      uri: timer:%s
                      parameters:
                        period: 1000
                      steps:
                        - setBody:
                            constant: "%s"
                        - to:
                            uri: "log:%s?level=OFF"
                """.formatted(routeId, routeId, body, routeId));
    }

    private long appliesOf(String name) {
        return changes.stream().filter(c -> c.name().equals(name) && c.status() == ConfigStatus.APPLYING).count();
    }

    @Test
    void addedChangedBrokenMendedAndDeletedFilesAreAppliedOnceEach() throws Exception {
        write("steady", "steady-route", "s");
        watcher.loadAll();
        assertEquals(ServiceStatus.Started, camel.getRouteController().getRouteStatus("steady-route"));

        write("app", "app-route", "v1");
        watcher.poll();
        assertEquals(ConfigStatus.APPLIED, configs.state("app").orElseThrow().status());
        assertEquals(ServiceStatus.Started, camel.getRouteController().getRouteStatus("app-route"));
        watcher.poll(); // nothing changed: nothing applied again
        assertEquals(1, appliesOf("app"));

        write("app", "app-route", "v2");
        watcher.poll();
        assertEquals(2, appliesOf("app"));
        assertTrue(camel.getRouteDefinition("app-route").toString().contains("v2"), "the new text runs");

        Files.writeString(dir.resolve("app.camel.yaml"), "- route:\n    id: app-route\n    from: [broken\n");
        watcher.poll();
        watcher.poll();
        assertEquals(3, appliesOf("app"), "a broken edit is tried once, not on every look");
        assertEquals(ConfigStatus.FAILED, configs.state("app").orElseThrow().status());
        assertTrue(configs.state("app").orElseThrow().message().contains("app.camel.yaml"), "the error names the file");
        assertEquals(ServiceStatus.Started, camel.getRouteController().getRouteStatus("app-route"), "the previous version runs on");

        write("app", "app-route", "v3");
        watcher.poll();
        assertEquals(ConfigStatus.APPLIED, configs.state("app").orElseThrow().status());
        assertTrue(camel.getRouteDefinition("app-route").toString().contains("v3"));

        Files.delete(dir.resolve("app.camel.yaml"));
        watcher.poll();
        assertNull(camel.getRoute("app-route"), "the deleted file's routes are gone");
        assertEquals(1, appliesOf("steady"), "the other config was never touched");
        assertEquals(ServiceStatus.Started, camel.getRouteController().getRouteStatus("steady-route"));
    }
}
