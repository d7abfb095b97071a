package io.logcamel.status;

import io.logcamel.testing.AgentEndpoints;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.AgentSettings;
import io.logcamel.testing.LocalLogstoreFixture;
import io.logcamel.testing.LogstoreReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged agent runs a demo-like file config (tail, parse, time, logstore) and the shipped
 * syslog example; after known lines and messages went through, every stage's counters on
 * {@code /q/metrics} equal what was written, tagged by the config (route id), and the PutLogs
 * latency histogram has samples.
 */
class StageMetricsIT {

    private static final int GOOD_LINES = 400;
    private static final int BAD_LINES = 25;
    private static final int SYSLOG_MESSAGES = 120;

    @TempDir
    Path work;

    @Test
    void everyStageCountsWhatWasWritten() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("app.camel.yaml"), """
                - route:
                    id: app-log
                    from:
                      uri: tail:app
                      parameters:
                        path: %s
                        include: "*.log"
                        startPosition: head
                      steps:
                        - to:
                            uri: "parse:regex"
                            parameters:
                              pattern: "RAW((?<time>\\\\S+ \\\\S+) (?<level>[A-Z]+) (?<message>.*))"
                        - to:
                            uri: "time:parse"
                            parameters:
                              sourceKey: time
                              format: "RAW(%%Y-%%m-%%d %%H:%%M:%%S)"
                        - to:
                            uri: logstore:demo/app
                """.formatted(logs));
        Files.copy(Paths.get("routes/examples/syslog.camel.yaml"), routes.resolve("syslog.camel.yaml"));
        int httpPort = AgentProcess.freePort();
        int syslogPort = LocalLogstoreFixture.freeTcpPort();
        try (LocalLogstoreFixture store = new LocalLogstoreFixture(work.resolve("store"))) {
            Map<String, String> settings = AgentSettings.shippingTo(work, routes, store, httpPort);
            settings.put("logcamel.syslog.udp-port", Integer.toString(LocalLogstoreFixture.freeUdpPort()));
            settings.put("logcamel.syslog.tcp-port", Integer.toString(syslogPort));
            settings.put("logcamel.syslog.host", "127.0.0.1");
            try (AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(),
                    work.resolve("agent.log"), settings);
                 LogstoreReader reader = store.reader()) {
                AgentEndpoints.awaitReady(agent, httpPort, Duration.ofSeconds(90));
                StringBuilder lines = new StringBuilder();
                String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
                for (int i = 0; i < GOOD_LINES; i++) {
                    lines.append(now).append(" INFO line ").append(i).append('\n');
                    if (i % 16 == 0 && i / 16 < BAD_LINES) {
                        lines.append("not the app's format ").append(i).append('\n');
                    }
                }
                Files.writeString(logs.resolve("app.log"), lines.toString());
                try (Socket socket = new Socket("127.0.0.1", syslogPort); OutputStream out = socket.getOutputStream()) {
                    for (int i = 0; i < SYSLOG_MESSAGES; i++) {
                        out.write(("<13>1 " + java.time.Instant.now() + " host app - - - syslog message " + i + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
                int total = GOOD_LINES + BAD_LINES;
                reader.awaitLogs("app", "*", Duration.ofSeconds(60), found -> found.size() >= total);
                reader.awaitLogs("syslog", "*", Duration.ofSeconds(60), found -> found.size() >= SYSLOG_MESSAGES);

                String app = "route=\"app-log\"";
                await("the file config's counters").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertEquals(total, AgentEndpoints.metric(httpPort, "logcamel_tail_lines_read_total", app));
                    assertEquals(total, AgentEndpoints.metric(httpPort, "logcamel_tail_lines_delivered_total", app));
                    assertEquals(GOOD_LINES, AgentEndpoints.metric(httpPort, "logcamel_parse_matched_total", app));
                    assertEquals(BAD_LINES, AgentEndpoints.metric(httpPort, "logcamel_parse_unmatched_kept_total", app));
                    assertEquals(GOOD_LINES, AgentEndpoints.metric(httpPort, "logcamel_time_parsed_total", app));
                    assertEquals(BAD_LINES, AgentEndpoints.metric(httpPort, "logcamel_time_parse_failures_total", app));
                    assertEquals(total, AgentEndpoints.metric(httpPort, "logcamel_logstore_delivered_logs_total", app));
                    assertEquals(0, AgentEndpoints.metric(httpPort, "logcamel_tail_bytes_behind", app));
                    assertEquals(1, AgentEndpoints.metric(httpPort, "logcamel_tail_files_open", app));
                });
                double requests = AgentEndpoints.metric(httpPort, "logcamel_logstore_requests_total", app);
                assertTrue(requests >= 1, "PutLogs counted");
                assertEquals(requests, AgentEndpoints.metric(httpPort, "logcamel_logstore_request_latency_seconds_count",
                        app), "one latency sample per PutLogs");
                assertTrue(AgentEndpoints.metric(httpPort, "logcamel_logstore_request_latency_seconds_bucket",
                        app + ",le=\"+Inf\"") >= 1, "the latency histogram has buckets");
                assertTrue(AgentEndpoints.metric(httpPort, "logcamel_logstore_last_success_seconds", app) > 0);
                assertTrue(AgentEndpoints.metric(httpPort, "logcamel_logstore_sent_raw_bytes_total", app)
                        >= AgentEndpoints.metric(httpPort, "logcamel_logstore_sent_bytes_total", app) / 2);

                await("the syslog counters").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertEquals(SYSLOG_MESSAGES, AgentEndpoints.metric(httpPort, "logcamel_syslog_messages_total", ""));
                    assertEquals(SYSLOG_MESSAGES, AgentEndpoints.metric(httpPort, "logcamel_logstore_delivered_logs_total",
                            "route=\"syslog-tcp-ship\""));
                    assertEquals(SYSLOG_MESSAGES, AgentEndpoints.metric(httpPort, "logcamel_batch_accepted_events_total",
                            "input=\"syslog-tcp\""));
                });
                assertEquals(0, AgentEndpoints.metric(httpPort, "logcamel_syslog_malformed_total", ""));
                assertTrue(agent.output().lines().noneMatch(line -> line.contains(LocalLogstoreFixture.SECRET)),
                        "the secret leaked into the agent's output");
            }
        }
    }
}
