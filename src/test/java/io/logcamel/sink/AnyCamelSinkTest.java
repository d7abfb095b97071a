package io.logcamel.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.logcamel.testing.LocalLogstoreFixture;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plain Camel endpoints as sinks of a {@code tail:} route, with no code of ours in the route: the
 * batch reaches them as NDJSON through the type converters, and the delivery contract holds: an
 * HTTP endpoint that refuses (503) keeps the file's checkpoint where it was, the same lines are
 * sent again, and every line arrives exactly once (per-number oracle).
 */
class AnyCamelSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LINES = 2000;

    @TempDir
    Path dir;

    private CamelContext context;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anHttpEndpointThatRefusesKeepsTheLinesUntilItAcceptsThem() throws Exception {
        ConcurrentHashMap<Integer, AtomicInteger> arrivals = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ingest", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            // the first three requests fail as an overloaded collector would: nothing is kept
            boolean accept = requests.incrementAndGet() > 3;
            if (accept) {
                assertEquals("application/x-ndjson", exchange.getRequestHeaders().getFirst("Content-Type"));
                for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                    arrivals.computeIfAbsent(numberOf(JSON.readTree(line)), n -> new AtomicInteger()).incrementAndGet();
                }
            } else {
                refused.incrementAndGet();
            }
            exchange.sendResponseHeaders(accept ? 200 : 503, -1);
            exchange.close();
        });
        server.start();
        Path logs = Files.createDirectories(dir.resolve("logs"));
        startRoute(logs, """
                - setHeader:
                    name: Content-Type
                    constant: application/x-ndjson
                - to:
                    uri: "http://127.0.0.1:%d/ingest"
                """.formatted(server.getAddress().getPort()));

        writeNumberedLines(logs.resolve("app.log"));
        await().atMost(Duration.ofSeconds(60)).until(() -> arrivals.size() >= LINES);
        assertEquals(3, refused.get());
        assertEveryNumberOnce(arrivals);
    }

    @Test
    void aFileEndpointAppendsNdjson() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path out = dir.resolve("out");
        startRoute(logs, """
                - to:
                    uri: "file:%s"
                    parameters:
                      fileName: events.ndjson
                      fileExist: Append
                """.formatted(out));

        writeNumberedLines(logs.resolve("app.log"));
        Path events = out.resolve("events.ndjson");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(events)
                && Files.readAllLines(events).size() >= LINES);
        ConcurrentHashMap<Integer, AtomicInteger> arrivals = new ConcurrentHashMap<>();
        for (String line : Files.readAllLines(events)) {
            JsonNode event = JSON.readTree(line);
            assertTrue(event.get("tags").get("__path__").asText().endsWith("app.log"), line);
            assertTrue(event.get("time").asText().endsWith("Z"), line);
            arrivals.computeIfAbsent(numberOf(event), n -> new AtomicInteger()).incrementAndGet();
        }
        assertEveryNumberOnce(arrivals);
    }

    private void startRoute(Path logs, String sinkSteps) throws Exception {
        context = new DefaultCamelContext();
        LocalLogstoreFixture.loadYaml(context, """
                - route:
                    id: any-sink
                    from:
                      uri: tail:any-sink
                      parameters:
                        path: "%s"
                        include: "*.log"
                        checkpointDir: "%s"
                        maxBatchLines: 300
                        retryDelay: 50
                        maxRetryDelay: 400
                      steps:
                %s""".formatted(logs, dir.resolve("checkpoints"), sinkSteps.indent(8)));
        context.start();
    }

    private static void writeNumberedLines(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            text.append(String.format("%08d line for a plain Camel sink%n", i));
        }
        Files.writeString(file, text);
    }

    private static int numberOf(JsonNode event) {
        return Integer.parseInt(event.get("contents").get("content").asText().substring(0, 8));
    }

    private static void assertEveryNumberOnce(ConcurrentHashMap<Integer, AtomicInteger> arrivals) {
        List<Integer> wrong = arrivals.entrySet().stream().filter(e -> e.getValue().get() != 1).map(e -> e.getKey()).toList();
        assertEquals(List.of(), wrong, "numbers that did not arrive exactly once");
        for (int i = 0; i < LINES; i++) {
            assertTrue(arrivals.containsKey(i), "line " + i + " lost");
        }
        assertEquals(LINES, arrivals.size());
    }
}
