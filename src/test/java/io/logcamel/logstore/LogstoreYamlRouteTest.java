package io.logcamel.logstore;

import io.logcamel.event.LogBatch;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The component as operators use it: a YAML route naming only project and logstore, with
 * endpoint, keys and defaults set once through {@code camel.component.logstore.*} properties
 * (applied by camel-main through the generated component configurer).
 */
class LogstoreYamlRouteTest {

    private static final String SECRET = "yaml-secret-value";

    private FakeLogService service;
    private Main main;

    @BeforeEach
    void start() throws Exception {
        service = new FakeLogService();
        main = new Main();
        main.addInitialProperty("camel.component.logstore.endpoint", service.endpoint());
        main.addInitialProperty("camel.component.logstore.access-key-id", "yaml-key");
        main.addInitialProperty("camel.component.logstore.access-key-secret", SECRET);
        main.addInitialProperty("camel.component.logstore.compress-type", "zstd");
        main.addInitialProperty("camel.component.logstore.tags", "env=yaml,__hostname__=agent-1");
        main.addInitialProperty("camel.component.logstore.max-retries", "1");
        main.addInitialProperty("camel.component.logstore.retry-initial-delay", "10ms");
        // the agent's application.properties (on the classpath, read by camel-main too) turns the
        // collector off because the agent loads route files itself, one config at a time
        main.addOverrideProperty("camel.main.routes-collector-enabled", "true");
        main.configure().withRoutesIncludePattern("classpath:logstore/yaml-route.camel.yaml");
        main.start();
    }

    @AfterEach
    void stop() {
        main.stop();
        service.close();
    }

    @Test
    void yamlRouteUsesTheComponentDefaults() {
        service.failNext(1, 503, "ServerBusy", "busy");
        main.getCamelContext().createProducerTemplate().sendBody("direct:yaml", "hello from yaml");

        assertEquals(2, service.received().size(), "one ServerBusy, one retry");
        FakeLogService.Received request = service.received().get(1);
        assertEquals("demo.localhost:" + service.port(), request.header("Host"));
        assertEquals("zstd", request.header("x-log-compresstype"));
        assertTrue(request.header("Authorization").startsWith("LOG yaml-key:"));
        LogBatch group = request.logGroup();
        assertEquals("from-yaml", group.topic());
        assertEquals("yaml", group.tags().get("env"));
        assertEquals("agent-1", group.tags().get("__hostname__"));
        assertEquals("hello from yaml", group.events().get(0).get("content"));

        LogstoreComponent component = main.getCamelContext().getComponent("logstore", LogstoreComponent.class);
        assertEquals("zstd", component.getConfiguration().getCompressType());
    }
}
