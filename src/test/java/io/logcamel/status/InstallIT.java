package io.logcamel.status;

import io.logcamel.testing.AgentEndpoints;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.ShippedJvmFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution as an operator installs it: {@code install.sh} lays the fast-jar out under a
 * prefix with the {@code logcamel} command and a systemd unit ({@code systemd-analyze verify}
 * when systemd is there); the installed agent runs from the prefix and writes its own log to the
 * data directory; {@code logcamel status} answers.
 */
class InstallIT {

    @TempDir
    Path work;

    @Test
    void installedAgentRunsWithItsUnitLogAndStatusCommand() throws Exception {
        Path prefix = work.resolve("opt/logcamel");
        Path data = work.resolve("var/lib/logcamel");
        Path units = work.resolve("units");
        run(List.of("bash", "src/main/dist/install.sh", "--prefix", prefix.toString(), "--data-dir", data.toString(),
                "--unit-dir", units.toString(), "--no-user"), Map.of());
        assertTrue(Files.isRegularFile(prefix.resolve("app/quarkus-run.jar")));
        assertTrue(Files.isDirectory(prefix.resolve("app/lib")));
        assertTrue(Files.isExecutable(prefix.resolve("bin/logcamel")));
        assertTrue(Files.isExecutable(prefix.resolve("bin/logcamel-aot-train")));
        assertTrue(Files.isRegularFile(prefix.resolve("application.properties")));
        Path unit = units.resolve("logcamel.service");
        String unitText = Files.readString(unit);
        assertTrue(unitText.contains("Restart=always") && unitText.contains("User=logcamel")
                && unitText.contains("-XX:+ExitOnOutOfMemoryError") && unitText.contains(data.toString())
                && !unitText.contains("@"), unitText);
        if (Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) {
            // the user need not exist for the unit to be valid; systemd-analyze checks syntax, paths and directives
            String verify = run(List.of("systemd-analyze", "verify", unit.toString()), Map.of());
            assertFalse(verify.contains("Unknown key") || verify.contains("Invalid"), verify);
        } else {
            System.out.println("InstallIT: systemd-analyze is not installed here; the unit file was not verified");
        }

        int httpPort = AgentProcess.freePort();
        int storePort = AgentProcess.freePort();
        try (AgentProcess agent = AgentProcess.start(prefix, work.resolve("installed.log"), Map.of(
                "quarkus.http.port", Integer.toString(httpPort),
                "logcamel.localstore.port", Integer.toString(storePort),
                "camel.component.logstore.endpoint", "http://localhost:" + storePort,
                "logcamel.localstore.data-dir", data.resolve("localstore").toString(),
                "logcamel.checkpoint.dir", data.resolve("checkpoints").toString(),
                "logcamel.spool.dir", data.resolve("spool").toString(),
                "logcamel.demo.dir", data.resolve("demo-input").toString(),
                "LOGCAMEL_DATA_DIR", data.toString()),
                ShippedJvmFlags.get(), prefix.resolve("app/quarkus-run.jar"))) {
            AgentEndpoints.awaitReady(agent, httpPort, Duration.ofSeconds(90));
            await("the agent's own log file").atMost(Duration.ofSeconds(30)).until(() ->
                    Files.exists(data.resolve("logcamel.log"))
                            && Files.readString(data.resolve("logcamel.log")).contains("Resource guard"));
            String table = run(List.of("bash", prefix.resolve("bin/logcamel").toString(), "status"),
                    Map.of("LOGCAMEL_HTTP_PORT", Integer.toString(httpPort)));
            assertTrue(table.contains("CONFIG") && table.contains("demo-tail"), table);
        }
    }

    private static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
