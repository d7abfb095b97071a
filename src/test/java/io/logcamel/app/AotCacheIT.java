package io.logcamel.app;

import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.AgentSettings;
import io.logcamel.testing.LogstoreReader;
import io.logcamel.testing.ShippedJvmFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The AOT cache as an operator makes and uses it: {@code logcamel-aot-train} trains it for the
 * packaged agent with the shipped JVM flags on a JDK of 25 or later, and the README's main job
 * started with {@code -XX:AOTCache} loads the agent's own classes from it and ships its demo logs
 * as without. Needs a JDK 25 (this machine kind has Temurin's under /usr/lib/jvm;
 * {@code LOGCAMEL_AOT_JAVA} names another); skipped without one.
 */
class AotCacheIT {

    private static final Path TRAINER = Paths.get("src", "main", "dist", "bin", "logcamel-aot-train").toAbsolutePath();
    private static final Path APP = Paths.get("target", "quarkus-app").toAbsolutePath();

    @Test
    void theTrainedCacheHoldsTheAgentsClassesAndTheDemoShipsWithIt(@TempDir Path work) throws Exception {
        Optional<Path> java = aotJava();
        assumeTrue(java.isPresent(), "no JDK 25 or later under /usr/lib/jvm and no LOGCAMEL_AOT_JAVA");
        Path cache = APP.resolve("app.aot");
        Files.deleteIfExists(cache);

        List<String> train = new ArrayList<>(List.of(TRAINER.toString(), APP.toString()));
        train.addAll(ShippedJvmFlags.get());
        Process trainer = run(train, Map.of("JAVA", java.get().toString(), "LOGCAMEL_AOT_TRAIN_LINES", "50000"),
                Paths.get("target", "aot-train-it.log").toAbsolutePath());
        assertTrue(trainer.waitFor(5, TimeUnit.MINUTES), "the training ends within 5 minutes");
        String trained = Files.readString(Paths.get("target", "aot-train-it.log"));
        assertEquals(0, trainer.exitValue(), trained);
        assertTrue(Files.size(cache) > 10 << 20, "a cache of the agent's classes, not only the JDK's: " + Files.size(cache));
        assertTrue(trained.contains("wrote " + cache), trained);

        Path classes = work.resolve("classes.log");
        List<String> flags = new ArrayList<>(ShippedJvmFlags.get());
        flags.add("-XX:AOTCache=" + cache);
        flags.add("-Xlog:class+load=info:file=" + classes);
        int logstorePort = AgentProcess.freePort();
        Path output = Paths.get("target", "aot-demo-run-it.log").toAbsolutePath();
        try (AgentProcess agent = AgentProcess.start(java.get(), Paths.get("").toAbsolutePath(), output,
                AgentSettings.demo(work, logstorePort, AgentProcess.freePort()), flags, APP.resolve("quarkus-run.jar"));
             LogstoreReader reader = new LogstoreReader(logstorePort, "demo", "demo-key", "demo-secret")) {
            List<Map<String, String>> tailed = reader.awaitLogs("demo-logs", "__topic__: file",
                    Duration.ofSeconds(90), logs -> logs.size() >= 2);
            assertEquals("INFO", tailed.get(0).get("level"), tailed.toString());

            // the JVM opened the cache (it starts without it, with a warning, when the jar, JDK or flags differ)
            String log = Files.readString(classes, StandardCharsets.UTF_8);
            assertTrue(log.contains("io.logcamel.tail.TailConsumer source: shared objects file"),
                    "the tail's classes come from the cache");
            assertTrue(log.contains("io.logcamel.logstore.LogstoreProducer source: shared objects file"),
                    "the producer's too");
            long shared = log.lines().filter(line -> line.endsWith("source: shared objects file")).count();
            assertTrue(shared > 3000, "most classes come from the cache: " + shared);
            assertTrue(agent.isAlive(), agent.output());
        }
    }

    @Test
    void theTrainerNamesTheJdkItNeeds() throws Exception {
        assumeTrue(Runtime.version().feature() < 25, "the tests' own JDK has the AOT cache");
        Path output = Paths.get("target", "aot-train-old-jdk-it.log").toAbsolutePath();
        Process trainer = run(List.of(TRAINER.toString(), APP.toString()),
                Map.of("JAVA", Paths.get(System.getProperty("java.home"), "bin", "java").toString()), output);
        assertTrue(trainer.waitFor(1, TimeUnit.MINUTES));
        assertEquals(1, trainer.exitValue());
        String said = Files.readString(output);
        assertTrue(said.contains("the AOT cache needs JDK 25 or later (set JAVA)"), said);
        assertTrue(said.contains("version \"" + Runtime.version().feature()), "it names the JDK it found: " + said);
    }

    private static Process run(List<String> command, Map<String, String> environment, Path output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** A java of JDK 25 or later: LOGCAMEL_AOT_JAVA, or the first such JDK under /usr/lib/jvm. */
    private static Optional<Path> aotJava() throws IOException, InterruptedException {
        String named = System.getenv("LOGCAMEL_AOT_JAVA");
        if (named != null && !named.isBlank()) {
            return Optional.of(Paths.get(named));
        }
        Path jvms = Paths.get("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> homes = Files.newDirectoryStream(jvms)) {
            for (Path home : homes) {
                Path java = home.resolve("bin").resolve("java");
                if (Files.isExecutable(java) && hasAotCache(java)) {
                    return Optional.of(java);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasAotCache(Path java) throws IOException, InterruptedException {
        Process flags = new ProcessBuilder(java.toString(), "-XX:+PrintFlagsFinal", "-version").redirectErrorStream(true).start();
        String printed = new String(flags.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return flags.waitFor(30, TimeUnit.SECONDS) && printed.contains(" AOTCacheOutput ");
    }
}
