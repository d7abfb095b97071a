package io.logcamel.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), run from
 * Kafka's own Maven artifacts ({@code kafka_2.13}, test scope) in a child JVM, so that a test can
 * stop it and start it again on the same log directory and ports, as an operator's restart or an
 * outage does. No Docker, no ZooKeeper. Topics are created on first use with 3 partitions.
 *
 * <p>{@link #format} prepares the log directory, {@link #start} launches the process without
 * waiting (so a test can start the agent meanwhile), {@link #awaitReady} waits until it answers.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path dir;
    private final Path config;
    private final int port;
    private Process process;
    private int starts;

    private KafkaBroker(Path dir, Path config, int port) {
        this.dir = dir;
        this.config = config;
        this.port = port;
    }

    /** Writes the configuration and formats a new log directory under {@code dir}. */
    public static KafkaBroker format(Path dir) throws Exception {
        int port = AgentProcess.freePort();
        int controllerPort = AgentProcess.freePort();
        Files.createDirectories(dir);
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                ""), StandardCharsets.UTF_8);
        Process format = java(dir.resolve("format.log"), "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", config.toString());
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting the Kafka log directory failed: "
                    + Files.readString(dir.resolve("format.log")));
        }
        return new KafkaBroker(dir, config, port);
    }

    /** {@code host:port} for {@code bootstrap.servers} and Camel's {@code brokers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Launches the broker on its log directory and ports (again, after {@link #stop}); does not wait. */
    public void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        starts++;
        process = java(dir.resolve("broker-" + starts + ".log"), "kafka.Kafka", config.toString());
    }

    /** Waits until the broker answers a metadata request; fails at once if it exited. */
    public void awaitReady(Duration timeout) {
        Process started = process;
        await("Kafka broker " + bootstrapServers() + " to answer").atMost(timeout)
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    if (started == null || !started.isAlive()) {
                        throw new IllegalStateException("the Kafka broker is not running: " + output());
                    }
                    try (Admin admin = admin()) {
                        return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
                    } catch (Exception notYet) {
                        return false;
                    }
                });
    }

    /** A clean stop (SIGTERM: the broker flushes and closes its logs), as an operator's restart does. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        process = null;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    /** The broker's own log of its current or last run. */
    public String output() throws IOException {
        return Files.readString(dir.resolve("broker-" + starts + ".log"));
    }

    private static Process java(Path output, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Consumer properties reading {@code topic} from the beginning, for a test's oracle. */
    public Properties consumerProperties(String group) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers());
        properties.put("group.id", group);
        properties.put("auto.offset.reset", "earliest");
        properties.put("enable.auto.commit", "false");
        properties.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        properties.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        return properties;
    }
}
