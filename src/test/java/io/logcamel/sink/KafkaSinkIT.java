package io.logcamel.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.testing.AgentEndpoints;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.KafkaBroker;
import io.logcamel.testing.LogstoreReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka examples as shipped ({@code routes/examples/kafka-sink.camel.yaml} and
 * {@code kafka-source.camel.yaml}) in the packaged agent, against a real KRaft broker: numbered
 * lines appended to three files reach the topic once each and in order per file, through a broker
 * outage (stopped while the agent has a batch in flight and more lines are written, then started
 * again on the same log directory and port); the source route reads the topic back into the
 * Logstore with no line lost. Two long lines (2 MB of text, 1 MB of control characters that all
 * need JSON escapes) arrive whole as their parts: the example's batch and record sizes fit Kafka's
 * limits.
 */
class KafkaSinkIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "agent-logs";
    private static final int FILES = 3;
    private static final int LINES_PER_PHASE = 2500;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void everyLineReachesTheTopicOnceInOrderPerFileThroughABrokerOutage(@TempDir Path work) throws Exception {
        long started = System.nanoTime();
        Path logs = Files.createDirectories(work.resolve("logs"));
        try (KafkaBroker broker = KafkaBroker.format(work.resolve("kafka"));
             LocalLogstoreServer store = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0,
                     work.resolve("store"), Map.of("demo-key", "demo-secret"), "demo"));
             LogstoreReader reader = new LogstoreReader(store.port(), "demo", "demo-key", "demo-secret");
             TopicOracle topic = new TopicOracle(broker)) {
            broker.start();
            int httpPort = AgentProcess.freePort();
            Map<String, String> settings = new HashMap<>(Map.of(
                    "logcamel.routes.include",
                    "file:routes/examples/kafka-sink.camel.yaml,file:routes/examples/kafka-source.camel.yaml",
                    "logcamel.kafka.brokers", broker.bootstrapServers(),
                    "logcamel.kafka.topic", TOPIC,
                    "logcamel.kafka-sink.dir", logs.toString(),
                    "logcamel.localstore.enabled", "false",
                    "camel.component.logstore.endpoint", "http://localhost:" + store.port(),
                    "logcamel.checkpoint.dir", work.resolve("checkpoints").toString(),
                    "logcamel.spool.dir", work.resolve("spool").toString(),
                    "quarkus.http.port", Integer.toString(httpPort)));
            // the restarted broker's group forgets the aggregator's old member after this, not after 45 s
            settings.put("logcamel.kafka-source.session-timeout-ms", "10000");
            Path output = Paths.get("target", "kafka-sink-it.log").toAbsolutePath();
            try (AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), output, settings)) {
                broker.awaitReady(WAIT);
                // files created after the config first ran are read from their start
                AgentEndpoints.awaitReady(agent, httpPort, WAIT);
                elapsed(started, "broker, store and agent up");
                for (int f = 0; f < FILES; f++) {
                    append(logs.resolve("app-" + f + ".log"), f, 0, LINES_PER_PHASE);
                }
                Path longLines = logs.resolve("long.log");
                List<String> longTexts = List.of(randomText(2 << 20, 32, 127, 1), randomText(1 << 20, 1, 32, 2));
                Files.writeString(longLines, String.join("\n", longTexts) + "\n", StandardCharsets.UTF_8);
                await("phase 1 in the topic").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                        .until(() -> AgentEndpoints.failIfExited(agent) && topic.poll() >= FILES * LINES_PER_PHASE);

                elapsed(started, "phase 1 in the topic");
                broker.stop();
                for (int f = 0; f < FILES; f++) {
                    append(logs.resolve("app-" + f + ".log"), f, LINES_PER_PHASE, LINES_PER_PHASE);
                }
                // the outage is real for the agent: a batch read after the stop waits for Kafka
                await("a kafka-sink batch waiting for the stopped broker").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                        .until(() -> AgentEndpoints.failIfExited(agent) && AgentEndpoints.metric(httpPort, "camel_exchanges_inflight", "routeId=\"kafka-sink\"") >= 1);
                elapsed(started, "batch waiting on the stopped broker");
                broker.start();
                broker.awaitReady(WAIT);
                elapsed(started, "broker restarted");

                int total = FILES * 2 * LINES_PER_PHASE;
                await("every line in the topic").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                        .until(() -> AgentEndpoints.failIfExited(agent) && topic.poll() >= total);
                topic.poll();
                for (int f = 0; f < FILES; f++) {
                    String path = logs.resolve("app-" + f + ".log").toString();
                    List<Integer> numbers = topic.contentsByPath.getOrDefault(path, List.of()).stream()
                            .map(KafkaSinkIT::numberOf).toList();
                    assertEquals(IntStream.range(0, 2 * LINES_PER_PHASE).boxed().toList(), numbers,
                            "every line of " + path + " once, in order (lost, duplicated or reordered otherwise)");
                }
                await("the long lines in the topic").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                        .until(() -> topic.poll() > 0 && String.join("", topic.contentsByPath.getOrDefault(
                                longLines.toString(), List.of())).length() >= 3 << 20);
                assertEquals(String.join("", longTexts), String.join("", topic.contentsByPath.get(longLines.toString())),
                        "the long lines, cut into parts by the tail, arrive whole and in order");
                int longParts = topic.contentsByPath.get(longLines.toString()).size();
                assertEquals(total + longParts, topic.events, "events in the topic");
                System.out.printf("KafkaSinkIT: %d lines written, %d in the topic in %d records; per file in order%n",
                        total, topic.events, topic.records);

                elapsed(started, "every line in the topic");
                // the aggregator end: the same lines read back from the topic into the Logstore
                reader.awaitLogs("kafka-logs", "* | SELECT count(DISTINCT content) AS lines", WAIT,
                        rows -> !rows.isEmpty() && Long.parseLong(rows.get(0).get("lines")) >= total + longParts);
                Map<String, Integer> stored = reader.countBy("kafka-logs", "content", "length(content) < 1000");
                Map<String, String> sample = reader.query("kafka-logs", "*", 1, 0).get(0);
                assertTrue(sample.get("__tag__:__path__").startsWith(logs.toString()), "tags survive the topic: " + sample);
                assertTrue(sample.containsKey("__tag__:__hostname__"), sample.toString());
                int lost = 0;
                int duplicates = 0;
                for (int f = 0; f < FILES; f++) {
                    for (int n = 0; n < 2 * LINES_PER_PHASE; n++) {
                        int count = stored.getOrDefault(line(f, n), 0);
                        lost += count == 0 ? 1 : 0;
                        duplicates += Math.max(0, count - 1);
                    }
                }
                elapsed(started, "every line in the Logstore");
                System.out.printf("KafkaSinkIT: Logstore via kafka-source: %d lost, %d duplicates%n", lost, duplicates);
                assertEquals(0, lost, "lines lost between the topic and the Logstore");
                // offsets are committed after each delivered record: at most the record in flight per partition repeats
                assertTrue(duplicates <= 3 * 1024, "duplicates " + duplicates);
                assertEquals(total, stored.size(), "only the written lines are stored");

                assertTrue(agent.isAlive());
                assertFalse(agent.output().contains("demo-secret"), "the access key secret leaked into the agent's output");
            }
        }
    }

    static String line(int file, int number) {
        return String.format("f%d %08d payload-%s", file, number, "abcdefghij".repeat(3));
    }

    private static void elapsed(long started, String what) {
        System.out.printf("KafkaSinkIT: %s after %.1f s%n", what, (System.nanoTime() - started) / 1e9);
    }

    static int numberOf(String content) {
        return Integer.parseInt(content.substring(content.indexOf(' ') + 1, content.indexOf(' ') + 9));
    }

    /** Seeded random characters in [from, to), never a line break. */
    private static String randomText(int length, int from, int to, long seed) {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            char c = (char) (from + random.nextInt(to - from));
            if (c != '\n' && c != '\r') {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static void append(Path file, int fileNumber, int from, int count) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int n = from; n < from + count; n++) {
            text.append(line(fileNumber, n)).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Reads the whole topic from the beginning and records, per file, the line numbers in topic order. */
    private static final class TopicOracle implements AutoCloseable {
        final KafkaConsumer<String, String> consumer;
        final Map<String, List<String>> contentsByPath = new LinkedHashMap<>();
        int events;
        int records;
        boolean assigned;

        TopicOracle(KafkaBroker broker) {
            consumer = new KafkaConsumer<>(broker.consumerProperties("oracle"));
        }

        int poll() throws IOException {
            if (!assigned) {
                List<TopicPartition> partitions = new ArrayList<>();
                consumer.partitionsFor(TOPIC, Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(TOPIC, p.partition())));
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                assigned = true;
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                records++;
                for (String ndjson : record.value().split("\n")) {
                    JsonNode event = JSON.readTree(ndjson);
                    String content = event.get("contents").get("content").asText();
                    String path = event.get("tags").get("__path__").asText();
                    assertTrue(record.key().endsWith(":" + path), "record key names host and file: " + record.key());
                    contentsByPath.computeIfAbsent(path, p -> new ArrayList<>()).add(content);
                    events++;
                }
            }
            return events;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
