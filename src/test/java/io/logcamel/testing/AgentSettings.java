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
}
