package io.logcamel.input.http;

import com.sun.net.httpserver.HttpServer;
import io.logcamel.testing.LocalLogstoreFixture;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP poll example route ({@code routes/examples/http-poll.camel.yaml}) against a local JDK
 * HttpServer that answers 200, 500, too slowly, and a closed port; the logs are read back from
 * the real local Logstore.
 */
class HttpPollInputTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private LocalLogstoreFixture logstore;
    private HttpServer server;
    private ExecutorService serverThreads;
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private final AtomicReference<String> seenRequest = new AtomicReference<>();
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        logstore = new LocalLogstoreFixture(dataDir);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/ok", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seenRequest.set(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("X-Probe") + " " + body);
            answer(exchange, 200, "status=up version=1.2.3 uptime=99");
        });
        server.createContext("/fail", exchange -> answer(exchange, 500, "boom"));
        server.createContext("/slow", exchange -> {
            try {
                releaseSlow.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "too late");
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.stop();
        }
        releaseSlow.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
        logstore.close();
    }

    private void startRoute(Map<String, String> settings) throws Exception {
        context = new DefaultCamelContext();
        settings.forEach(context.getPropertiesComponent()::addInitialProperty);
        logstore.configure(context);
        LocalLogstoreFixture.loadYamlFile(context, "routes/examples/http-poll.camel.yaml");
        context.start();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void everyOutcomeBecomesALogAndPollingGoesOn() throws Exception {
        int closedPort = LocalLogstoreFixture.freeTcpPort();
        String closed = "http://127.0.0.1:" + closedPort + "/nobody";
        startRoute(Map.of(
                "logcamel.http-poll.urls", url("/ok") + ", " + url("/fail") + "," + url("/slow") + "," + closed,
                "logcamel.http-poll.interval", "300",
                // long enough for a loopback answer on a loaded machine, far shorter than /slow (30 s)
                "logcamel.http-poll.timeout", "2000",
                "logcamel.http-poll.method", "POST",
                "logcamel.http-poll.headers", "X-Probe: logcamel\nAccept: text/plain",
                "logcamel.http-poll.body", "ping"));

        // Two rounds prove the route keeps polling after timeouts and refused connections.
        List<Map<String, String>> logs = logstore.reader().awaitLogs("http-poll", "*", WAIT,
                l -> l.stream().filter(log -> log.get("url").equals(closed)).count() >= 2);

        Map<String, String> ok = first(logs, url("/ok"));
        assertEquals("success", ok.get("result"));
        assertEquals("200", ok.get("status_code"));
        assertEquals("POST", ok.get("method"));
        assertEquals("status=up version=1.2.3 uptime=99", ok.get("body"));
        assertEquals("33", ok.get("response_size"));
        assertTrue(Double.parseDouble(ok.get("latency_ms")) > 0);
        assertEquals("http-poll", ok.get("__topic__"));
        assertEquals("POST logcamel ping", seenRequest.get());

        Map<String, String> fail = first(logs, url("/fail"));
        assertEquals("success", fail.get("result"), "an answer, even a 500, is a successful poll");
        assertEquals("500", fail.get("status_code"));
        assertEquals("boom", fail.get("body"));
        assertEquals("4", fail.get("response_size"));

        Map<String, String> slow = first(logs, url("/slow"));
        assertEquals("timeout", slow.get("result"));
        assertFalse(slow.containsKey("status_code"));
        assertTrue(slow.get("error").startsWith("HttpTimeoutException"), slow.get("error"));
        assertTrue(Double.parseDouble(slow.get("latency_ms")) >= 400, slow.get("latency_ms"));

        Map<String, String> refused = first(logs, closed);
        assertEquals("error", refused.get("result"));
        assertTrue(refused.get("error").startsWith("connection refused"), refused.get("error"));
        assertFalse(refused.containsKey("status_code"));
    }

    @Test
    void aRegexKeepsOnlyWhatItExtracts() throws Exception {
        startRoute(Map.of(
                "logcamel.http-poll.urls", url("/ok"),
                "logcamel.http-poll.interval", "60000",
                "logcamel.http-poll.extract-regex", "version=(\\S+)"));
        Map<String, String> log = logstore.reader().awaitLogs("http-poll", "*", WAIT, l -> l.size() == 1).get(0);
        assertEquals("1.2.3", log.get("body"));
        assertEquals("true", log.get("body_matched"));
        assertEquals("33", log.get("response_size"));
    }

    @Test
    void badSettingsAreNamed() {
        HttpPoller poller = new HttpPoller();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> poller.setUrls("ftp://x/"))
                .getMessage().startsWith("logcamel.http-poll.urls"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> poller.setExtractRegex("(unclosed"))
                .getMessage().startsWith("logcamel.http-poll.extract-regex"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> poller.setHeaders("no colon here"))
                .getMessage().startsWith("logcamel.http-poll.headers"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> poller.setTimeoutMillis(0))
                .getMessage().startsWith("logcamel.http-poll.timeout"));
    }

    private static Map<String, String> first(List<Map<String, String>> logs, String url) {
        return logs.stream().filter(log -> url.equals(log.get("url"))).findFirst()
                .orElseThrow(() -> new AssertionError("no log for " + url));
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
