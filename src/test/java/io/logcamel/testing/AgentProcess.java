package io.logcamel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged agent ({@code target/quarkus-app/quarkus-run.jar}) running in a process of its own,
 * started the way the README's run command starts it, with extra settings as system properties.
 * Its output goes to a file the test can read.
 */
public final class AgentProcess implements AutoCloseable {

    private final Process process;
    private final Path output;

    private AgentProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static AgentProcess start(Path workingDirectory, Path output, Map<String, String> settings) throws IOException {
        return start(workingDirectory, output, settings, ShippedJvmFlags.get());
    }

    /** As {@link #start(Path, Path, Map)}, with these JVM options instead of the shipped ones ({@link ShippedJvmFlags}). */
    public static AgentProcess start(Path workingDirectory, Path output, Map<String, String> settings,
                                     List<String> jvmOptions) throws IOException {
        return start(workingDirectory, output, settings, jvmOptions,
                Paths.get("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath());
    }

    /** As {@link #start(Path, Path, Map, List)}, running this jar (an installed copy). */
    public static AgentProcess start(Path workingDirectory, Path output, Map<String, String> settings,
                                     List<String> jvmOptions, Path jar) throws IOException {
        return start(Paths.get(System.getProperty("java.home"), "bin", "java"), workingDirectory, output, settings,
                jvmOptions, jar);
    }

    /** As {@link #start(Path, Path, Map, List, Path)}, started by this java (another JDK than the tests'). */
    public static AgentProcess start(Path java, Path workingDirectory, Path output, Map<String, String> settings,
                                     List<String> jvmOptions, Path jar) throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests with ./mvnw verify, which packages first");
        }
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-Dquarkus.config.locations=application.properties");
        // UPPER_CASE keys are environment variables (LOGCAMEL_DATA_DIR), the others system properties
        settings.forEach((key, value) -> {
            if (!key.equals(key.toUpperCase())) {
                command.add("-D" + key + "=" + value);
            }
        });
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        // the agent's own log file (data/logcamel.log) beside the test's output, not in the working directory
        builder.environment().put("LOGCAMEL_DATA_DIR", output.toAbsolutePath() + ".data");
        settings.forEach((key, value) -> {
            if (key.equals(key.toUpperCase())) {
                builder.environment().put(key, value);
            }
        });
        Process process = builder.start();
        return new AgentProcess(process, output);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() throws IOException {
        return Files.readString(output);
    }

    public long pid() {
        return process.pid();
    }

    /** The exit code once the process ended. */
    public int exitValue() {
        return process.exitValue();
    }

    /** Waits for the process to end by itself; true when it did within the timeout. */
    public boolean waitFor(java.time.Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM, then waits up to {@code timeout}; true when the process ended within it (it is not killed). */
    public boolean terminate(java.time.Duration timeout) throws InterruptedException {
        process.destroy();
        return waitFor(timeout);
    }

    /** The resident set size of the process from /proc, in KiB; -1 when it is gone. */
    public long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** SIGKILL: no shutdown hooks, no flushing; what a crash looks like. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then wait for a clean stop. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
