package io.logcamel.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings a packaged-agent test starts {@link AgentProcess} with: the collection configs of a
 * routes directory, a Logstore outside the agent (its embedded one off), state (checkpoints,
 * spool) under the test's directory, and an HTTP port of its own. A test adds what it is about.
 */
public final class AgentSettings {

    private AgentSettings() {
    }

    /**
     * The README's main job (the top-level application.properties, the demo routes, the embedded
     * local Logstore) with only ports and directories changed: the local Logstore on
     * {@code logstorePort}, its data, checkpoints, spool and the demo's input under {@code work}.
     */
    public static Map<String, String> demo(Path work, int logstorePort, int httpPort) {
        return Map.of(
                "logcamel.localstore.port", Integer.toString(logstorePort),
                "logcamel.localstore.data-dir", work.resolve("localstore").toString(),
                "logcamel.checkpoint.dir", work.resolve("checkpoints").toString(),
                "logcamel.spool.dir", work.resolve("spool").toString(),
                "logcamel.demo.dir", work.resolve("demo-input").toString(),
                "camel.component.logstore.endpoint", "http://localhost:" + logstorePort,
                "quarkus.http.port", Integer.toString(httpPort));
    }

    /** Shipping to {@code endpoint} with the given key. */
    public static Map<String, String> shippingTo(Path work, Path routes, String endpoint, String keyId, String secret,
                                                 int httpPort) {
        Map<String, String> settings = new HashMap<>();
        settings.put("logcamel.routes.include", "file:" + routes + "/*.camel.yaml");
        settings.put("logcamel.localstore.enabled", "false");
        settings.put("camel.component.logstore.endpoint", endpoint);
        settings.put("camel.component.logstore.access-key-id", keyId);
        settings.put("camel.component.logstore.access-key-secret", secret);
        settings.put("logcamel.checkpoint.dir", work.resolve("checkpoints").toString());
        settings.put("logcamel.spool.dir", work.resolve("spool").toString());
        settings.put("quarkus.http.port", Integer.toString(httpPort));
        return settings;
    }

    /** Shipping to the test's {@link LocalLogstoreFixture} with its key. */
    public static Map<String, String> shippingTo(Path work, Path routes, LocalLogstoreFixture store, int httpPort) {
        return shippingTo(work, routes, "http://localhost:" + store.server().port(), LocalLogstoreFixture.KEY_ID,
                LocalLogstoreFixture.SECRET, httpPort);
    }

    /**
     * A managed agent: no local route files, its configs from the config server on
     * {@code serverPort} (agent token {@code it-agent}, 1 s heartbeats), shipping to its own
     * embedded local Logstore on {@code logstorePort}, state under {@code work}.
     */
    public static Map<String, String> managedBy(int serverPort, Path work, int logstorePort, int httpPort) {
        Map<String, String> settings = new HashMap<>();
        settings.put("logcamel.localstore.port", Integer.toString(logstorePort));
        settings.put("logcamel.localstore.data-dir", work.resolve("localstore").toString());
        settings.put("logcamel.checkpoint.dir", work.resolve("checkpoints").toString());
        settings.put("logcamel.spool.dir", work.resolve("spool").toString());
        settings.put("camel.component.logstore.endpoint", "http://localhost:" + logstorePort);
        settings.put("quarkus.http.port", Integer.toString(httpPort));
        settings.put("logcamel.routes.include", "file:none/*.camel.yaml");
        settings.put("logcamel.fleet.servers", "http://127.0.0.1:" + serverPort);
        settings.put("logcamel.fleet.token", "it-agent");
        settings.put("logcamel.fleet.heartbeat-interval", "1s");
        settings.put("logcamel.fleet.data-dir", work.resolve("fleet").toString());
        return settings;
    }
}
