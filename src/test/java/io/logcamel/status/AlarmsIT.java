package io.logcamel.status;

import io.logcamel.testing.AgentEndpoints;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.LogstoreReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged agent with its embedded local Logstore as the internal logstore: a config whose
 * lines do not parse and whose destination refuses its key produces PARSE_LOG_FAIL and
 * SEND_DATA_FAIL alarm records (counted, with the config's name), and the agent's status and
 * per-config statistics arrive too; all read back with GetLogs as a user would query them.
 */
class AlarmsIT {

    private static final String WRONG_SECRET = "not-the-demo-secret-7c1";

    @TempDir
    Path work;

    @Test
    void parseFailuresAndAWrongKeyBecomeAlarmRecords() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("app.camel.yaml"), """
                - route:
                    id: broken-app
                    from:
                      uri: tail:broken
                      parameters:
                        path: %s
                        include: app.log
                        startPosition: head
                        maxRetryDelay: 1000
                      steps:
                        - to:
                            uri: "parse:regex"
                            parameters:
                              pattern: "RAW((?<level>[A-Z]+) (?<message>.*))"
                        - to:
                            uri: logstore:demo/broken
                            parameters:
                              accessKeySecret: "RAW(%s)"
                """.formatted(logs, WRONG_SECRET));
        int storePort = AgentProcess.freePort();
        int httpPort = AgentProcess.freePort();
        Map<String, String> settings = new HashMap<>();
        settings.put("logcamel.routes.include", "file:" + routes + "/*.camel.yaml");
        settings.put("logcamel.localstore.port", Integer.toString(storePort));
        settings.put("logcamel.localstore.data-dir", work.resolve("localstore").toString());
        settings.put("camel.component.logstore.endpoint", "http://localhost:" + storePort);
        settings.put("logcamel.checkpoint.dir", work.resolve("checkpoints").toString());
        settings.put("logcamel.spool.dir", work.resolve("spool").toString());
        settings.put("logcamel.alarm.flush-interval", "1s");
        settings.put("logcamel.alarm.status-interval", "2s");
        settings.put("logcamel.alarm.statistics-interval", "3s");
        settings.put("quarkus.http.port", Integer.toString(httpPort));
        try (AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), work.resolve("agent.log"), settings);
             LogstoreReader reader = new LogstoreReader(storePort, "demo", "demo-key", "demo-secret")) {
            AgentEndpoints.awaitReady(agent, httpPort, Duration.ofSeconds(90));
            Files.writeString(logs.resolve("app.log"), "INFO fine\nthis line has no level\n12345\nWARN also fine\n");

            List<Map<String, String>> parse = reader.awaitLogs("logcamel_internal",
                    "__topic__: logtail_alarm and alarm_type: PARSE_LOG_FAIL", Duration.ofSeconds(60),
                    found -> found.stream().mapToLong(a -> Long.parseLong(a.get("alarm_count"))).sum() >= 2);
            assertEquals("broken-app", parse.get(0).get("config"), parse.toString());
            assertEquals(2, parse.stream().mapToLong(a -> Long.parseLong(a.get("alarm_count"))).sum(),
                    "two lines did not parse, each counted once: " + parse);
            assertEquals("WARNING", parse.get(0).get("alarm_level"));

            List<Map<String, String>> send = reader.awaitLogs("logcamel_internal",
                    "__topic__: logtail_alarm and alarm_type: SEND_DATA_FAIL", Duration.ofSeconds(60),
                    found -> !found.isEmpty());
            Map<String, String> first = send.get(0);
            assertEquals("broken-app", first.get("config"), first.toString());
            assertEquals("ERROR", first.get("alarm_level"));
            assertTrue(first.get("alarm_message").contains("SignatureNotMatch")
                    || first.get("alarm_message").contains("Unauthorized"), first.toString());

            List<Map<String, String>> status = reader.awaitLogs("logcamel_internal", "__topic__: logtail_status",
                    Duration.ofSeconds(30), found -> !found.isEmpty());
            assertFalse(status.get(0).get("version").isEmpty(), status.toString());
            assertTrue(Double.parseDouble(status.get(0).get("mem")) > 0, status.toString());
            List<Map<String, String>> profile = reader.awaitLogs("logcamel_internal",
                    "__topic__: logtail_profile and config: broken-app and state: send_error", Duration.ofSeconds(30),
                    found -> !found.isEmpty());
            assertTrue(Long.parseLong(profile.get(0).get("send_failures")) > 0, profile.toString());

            List<Map<String, String>> all = reader.all("logcamel_internal", "*");
            assertTrue(all.stream().noneMatch(log -> log.toString().contains(WRONG_SECRET)), "the secret is in an alarm");
            assertFalse(agent.output().contains(WRONG_SECRET), "the secret leaked into the agent's output");
        }
    }
}
