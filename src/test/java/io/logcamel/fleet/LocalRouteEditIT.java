package io.logcamel.fleet;

import io.logcamel.testing.AgentEndpoints;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.LogstoreReader;
import io.logcamel.testing.NumberedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A user edits a route file in {@code routes/} while the agent runs and a writer appends numbered
 * lines to the file it tails: a step added, the topic changed, the step removed, a broken edit,
 * then mended; saved as editors do (a new file renamed over the old one). Each edit is applied on
 * its own within seconds; every number arrives exactly once.
 */
class LocalRouteEditIT {

    private static final long LINES = 20_000;

    @TempDir
    Path work;

    @Test
    void editsOfARunningRouteFileLoseAndDuplicateNothing() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path routes = Files.createDirectories(work.resolve("routes"));
        save(routes, route(logs, "v1", false));
        int logstorePort = AgentProcess.freePort();
        int httpPort = AgentProcess.freePort();
        Map<String, String> settings = new HashMap<>();
        settings.put("logcamel.routes.include", "file:" + routes + "/*.camel.yaml");
        settings.put("logcamel.routes.watch-interval", "500ms");
        settings.put("logcamel.localstore.port", Integer.toString(logstorePort));
        settings.put("logcamel.localstore.data-dir", work.resolve("localstore").toString());
        settings.put("camel.component.logstore.endpoint", "http://localhost:" + logstorePort);
        settings.put("logcamel.checkpoint.dir", work.resolve("checkpoints").toString());
        settings.put("logcamel.spool.dir", work.resolve("spool").toString());
        settings.put("quarkus.http.port", Integer.toString(httpPort));
        Files.copy(Paths.get("application.properties"), work.resolve("application.properties"));
        try (AgentProcess agent = AgentProcess.start(work, work.resolve("agent.log"), settings);
             LogstoreReader reader = new LogstoreReader(logstorePort, "demo", "demo-key", "demo-secret");
             NumberedLog.Writer writer = new NumberedLog.Writer(logs.resolve("app.log"), 2000, false)) {
            AgentEndpoints.awaitReady(agent, httpPort, Duration.ofSeconds(90));
            writer.start(0, LINES);
            String[][] edits = {{"v2", "true"}, {"v3", "true"}, {"v4", "false"}, {"broken", ""}, {"v5", "false"}};
            int applied = 1;
            for (String[] edit : edits) {
                long before = writer.written();
                await("the writer gets ahead").atMost(Duration.ofSeconds(30)).until(() -> writer.written() >= before + 2_000);
                if (edit[0].equals("broken")) {
                    save(routes, "- route:\n    id: numbered\n    from: [broken\n");
                    await("the broken edit FAILED").atMost(Duration.ofSeconds(30)).until(() -> AgentEndpoints.failIfExited(agent)
                            && agent.output().contains("collection config app FAILED"));
                    continue;
                }
                save(routes, route(logs, edit[0], Boolean.parseBoolean(edit[1])));
                int expected = ++applied;
                await("edit " + edit[0] + " applied").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> AgentEndpoints.failIfExited(agent)
                                && count(agent.output(), "collection config app (version 0") >= expected);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> writer.written() >= LINES || !writer.isAlive());
            NumberedLog.Tally tally = NumberedLog.awaitTally(reader, "edit-it", LINES, 0, Duration.ofSeconds(90));
            System.out.println("LocalRouteEditIT: " + tally);
            assertEquals(0, tally.lost(), tally.toString());
            assertEquals(0, tally.duplicated(), tally.toString());
            assertEquals(1, count(agent.output(), "collection config app FAILED"), "the broken edit was tried once");
        }
    }

    private static String route(Path logs, String topic, boolean extraStep) {
        return """
                - route:
                    id: numbered
                    from:
                      uri: tail:numbered
                      parameters:
                        path: %s
                        include: app.log
                        startPosition: head
                      steps:%s
                        - to:
                            uri: logstore:demo/edit-it
                            parameters:
                              topic: %s
                """.formatted(logs, extraStep ? "\n        - to:\n            uri: log:edit-it?level=DEBUG" : "", topic);
    }

    /** As an editor saves: the new text to a file beside it, renamed over the old one. */
    private static void save(Path routes, String text) throws Exception {
        Path temp = routes.resolve(".app.camel.yaml.swp");
        Files.writeString(temp, text);
        Files.move(temp, routes.resolve("app.camel.yaml"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static int count(String text, String what) {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            count++;
        }
        return count;
    }
}
