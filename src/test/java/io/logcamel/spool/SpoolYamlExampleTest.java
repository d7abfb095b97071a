package io.logcamel.spool;

import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.testing.LogstoreReader;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.logcamel.spool.SpoolComponentTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The YAML example as shipped ({@code routes/examples/spool-dead-letter.camel.yaml}), loaded by
 * camel-main like the application does, through an outage of the local Logstore: the failed
 * batches land in the spool and are replayed once it is back.
 */
class SpoolYamlExampleTest {

    private static final String KEY_ID = "yaml-key";
    private static final String SECRET = "yaml-secret";

    @TempDir
    Path dir;

    private LocalLogstoreServer server;
    private Main main;

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theExampleSpoolsDuringAnOutageAndReplaysAfterIt() throws Exception {
        server = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0, dir.resolve("store"),
                Map.of(KEY_ID, SECRET), "demo"));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), "");
        main = new Main();
        main.addInitialProperty("logcamel.example.app-log-dir", logs.toString());
        main.addInitialProperty("camel.component.tail.checkpoint-dir", dir.resolve("checkpoints").toString());
        main.addInitialProperty("camel.component.spool.directory", dir.resolve("spool").toString());
        main.addInitialProperty("camel.component.logstore.endpoint", "http://127.0.0.1:" + server.port());
        main.addInitialProperty("camel.component.logstore.access-key-id", KEY_ID);
        main.addInitialProperty("camel.component.logstore.access-key-secret", SECRET);
        main.addInitialProperty("camel.component.logstore.max-retries", "0");
        // the agent's application.properties (read by camel-main too) turns the collector off
        // because the agent loads route files itself, one config at a time
        main.addOverrideProperty("camel.main.routes-collector-enabled", "true");
        main.configure().withRoutesIncludePattern("file:routes/examples/spool-dead-letter.camel.yaml");
        main.start();
        server.faults().setOutage(true);

        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            lines.append(String.format("%06d yaml example line%n", i));
        }
        Files.writeString(logs.resolve("app.log"), lines);
        SpoolStore store = main.getCamelContext().getComponent("spool", SpoolComponent.class)
                .openedStore(dir.resolve("spool").resolve("app"));
        awaitTrue(() -> store.statistics().spooledLogs() == 200);
        server.faults().setOutage(false);

        try (LogstoreReader reader = new LogstoreReader(server.port(), "demo", KEY_ID, SECRET)) {
            List<Map<String, String>> rows = reader.awaitLogs("app-logs",
                    "* | SELECT count(*) AS total, count(DISTINCT content) AS distinct_lines", Duration.ofSeconds(60),
                    r -> !r.isEmpty() && Long.parseLong(r.get(0).get("distinct_lines")) >= 200);
            assertEquals("200", rows.get(0).get("distinct_lines"));
            assertEquals("200", rows.get(0).get("total"));
        }
    }
}
