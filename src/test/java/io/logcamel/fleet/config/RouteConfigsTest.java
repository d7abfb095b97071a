package io.logcamel.fleet.config;

import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One config per file: each of the broken files is FAILED with a message naming its file, line
 * and reason, while a healthy config beside it keeps running; a new version replaces exactly its
 * config's routes; a broken new version leaves the previous one running.
 */
class RouteConfigsTest {

    @TempDir
    Path dir;

    private DefaultCamelContext camel;
    private RouteConfigs configs;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        configs = new RouteConfigs(camel, 5);
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private String healthy(String id, Path out) {
        return """
                - route:
                    id: %s
                    from:
                      uri: timer:%s
                      parameters:
                        period: 20
                      steps:
                        - setBody:
                            simple: "${routeId};"
                        - to:
                            uri: "file:%s?fileName=out.txt&fileExist=Append"
                """.formatted(id, id, out);
    }

    private ConfigState apply(String name, String yaml) {
        return configs.apply(new CollectionConfig(name, 0, yaml, "routes/" + name + ".camel.yaml"));
    }

    private void assertFailed(ConfigState state, String... parts) {
        assertEquals(ConfigStatus.FAILED, state.status(), state.toString());
        for (String part : parts) {
            assertTrue(state.message().contains(part), "'" + part + "' in: " + state.message());
        }
        // the healthy config beside it still collects
        assertEquals(ServiceStatus.Started, camel.getRouteController().getRouteStatus("healthy"));
    }

    @Test
    void eachBrokenFileFailsAloneWithFileLineAndReason() throws Exception {
        Path out = dir.resolve("healthy");
        assertEquals(ConfigStatus.APPLIED, apply("healthy", healthy("healthy", out)).status());

        assertFailed(apply("syntax", """
                - route:
                    id: syntax
                    from:
                      uri: timer:x
                      steps: [ { to: "log:x" }
                """), "routes/syntax.camel.yaml line 5: ", "expected ',' or ']'");
        assertFailed(apply("unknown-component", """
                # a comment line
                - route:
                    id: unknown-component
                    from:
                      uri: timer:y
                      steps:
                        - to:
                            uri: nosuchcomponent:thing
                """), "routes/unknown-component.camel.yaml line 7 route unknown-component: at to[nosuchcomponent:thing]: No endpoint could be found for: nosuchcomponent");
        assertFailed(apply("bad-option", """
                - route:
                    id: bad-option
                    from:
                      uri: timer:z
                      parameters:
                        noSuchOption: 1
                      steps:
                        - to: log:z
                """), "routes/bad-option.camel.yaml line 4 route bad-option: Failed to resolve endpoint: timer://z?noSuchOption=1", "Unknown parameters=[{noSuchOption=1}]");
        assertFailed(apply("bad-value", """
                - route:
                    id: bad-value
                    from:
                      uri: timer:w
                      parameters:
                        period: every-now-and-then
                      steps:
                        - to: log:w
                """), "routes/bad-value.camel.yaml line 4 route bad-value: ", "with name: period", "every-now-and-then");
        assertFailed(apply("duplicate-id", """
                - route:
                    id: healthy
                    from:
                      uri: timer:v
                      steps:
                        - to: log:v
                """), "routes/duplicate-id.camel.yaml", "line 1", "healthy", "already used by config healthy");
        assertFailed(apply("empty", "\n# nothing here yet\n"), "routes/empty.camel.yaml", "no route");

        // nothing of the broken files runs, and the healthy config's output keeps growing
        assertEquals(1, camel.getRoutes().size(), camel.getRoutes().toString());
        long before = lines(out);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines(out) > before + 3);
    }

    @Test
    void aNewVersionReplacesItsRoutesAndABrokenOneKeepsThePrevious() throws Exception {
        Path out = dir.resolve("replaced");
        assertEquals(ConfigStatus.APPLIED, configs.apply(new CollectionConfig("app", 1,
                healthy("app-v1", out), "server app v1")).status());
        assertNotNull(camel.getRoute("app-v1"));

        ConfigState v2 = configs.apply(new CollectionConfig("app", 2, healthy("app-v2", out), "server app v2"));
        assertEquals(ConfigStatus.APPLIED, v2.status());
        assertNull(camel.getRoute("app-v1"), "the old version's route is gone");
        assertEquals(List.of("app-v2"), v2.routeIds());

        ConfigState v3 = configs.apply(new CollectionConfig("app", 3,
                healthy("app-v3", out).replace("timer:app-v3", "nosuch:app-v3"), "server app v3"));
        assertEquals(ConfigStatus.FAILED, v3.status());
        assertEquals(2, v3.runningVersion(), v3.toString());
        assertTrue(v3.message().startsWith("server app v3 line 4 route app-v3: No endpoint could be found for: nosuch://app-v3"), v3.message());
        assertEquals(ServiceStatus.Started, camel.getRouteController().getRouteStatus("app-v2"));
        assertNull(camel.getRoute("app-v3"));
        long before = lines(out);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines(out) > before + 3);

        // rollback to the version that kept running: APPLIED again, its route not restarted
        ConfigState back = configs.apply(new CollectionConfig("app", 2, healthy("app-v2", out), "server app v2"));
        assertEquals(ConfigStatus.APPLIED, back.status(), back.toString());
        assertEquals(2, back.version());
        assertEquals(ConfigStatus.APPLIED, configs.state("app").orElseThrow().status());
        assertEquals(List.of("app-v2"), back.routeIds());
        assertEquals(ServiceStatus.Started, camel.getRouteController().getRouteStatus("app-v2"));

        configs.remove("app");
        assertNull(camel.getRoute("app-v2"));
        assertTrue(configs.state("app").isEmpty());
    }

    private static long lines(Path file) throws Exception {
        // one "routeId;" per exchange
        return Files.exists(file.resolve("out.txt")) ? Files.readString(file.resolve("out.txt")).split(";").length : 0;
    }
}
