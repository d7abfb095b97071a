package io.logcamel.input.http;

import io.logcamel.spool.SpoolComponent;
import io.logcamel.spool.SpoolStore;
import io.logcamel.testing.LocalLogstoreFixture;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP push example route ({@code routes/examples/http-push.camel.yaml}) served by Vert.x
 * (the engine Quarkus uses), shipping to the real local Logstore. A second route with basic
 * auth is built from the same steps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpPushInputTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOKEN = "push-token-1";

    @TempDir
    static Path dataDir;

    private LocalLogstoreFixture logstore;
    private CamelContext context;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @BeforeAll
    void start() throws Exception {
        logstore = new LocalLogstoreFixture(dataDir);
        int port = LocalLogstoreFixture.freeTcpPort();
        base = "http://127.0.0.1:" + port;
        context = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindHost("127.0.0.1");
        server.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(server));
        context.getPropertiesComponent().addInitialProperty("logcamel.http-push.stream", "pushed");
        context.getPropertiesComponent().addInitialProperty("logcamel.http-push.token", TOKEN);
        context.getPropertiesComponent().addInitialProperty("logcamel.http-push.max-body-bytes", "3000");
        context.getPropertiesComponent().addInitialProperty("logcamel.http-push.spool-max-bytes", "3000");
        context.getPropertiesComponent().addInitialProperty("logcamel.http-push.retry-after", "7");
        logstore.configure(context);
        // Small enough that one long line is refused by the logstore: producer as too large.
        context.getComponent("logstore", io.logcamel.logstore.LogstoreComponent.class).getConfiguration()
                .setMaxBytesPerRequest(2048);
        LocalLogstoreFixture.loadYamlFile(context, "routes/examples/http-push.camel.yaml");
        LocalLogstoreFixture.loadYaml(context, """
                - beans:
                    - name: basicGate
                      type: io.logcamel.input.http.HttpPushGate
                      properties:
                        username: agent
                        password: "s3cret:x"
                - route:
                    from:
                      uri: platform-http:/logs/basic
                      steps:
                        - process: {ref: basicGate}
                        - process: {ref: httpBodyToBatch}
                        - to: {uri: "logstore:demo/basic"}
                        - setBody: {simple: "accepted ${header.CamelLogstoreLogCount}"}
                """);
        context.start();
    }

    @AfterAll
    void stop() throws Exception {
        context.stop();
        logstore.close();
    }

    @AfterEach
    void healLogstore() {
        logstore.server().faults().clear();
    }

    @Test
    void textLinesBecomeOneEventEach() throws Exception {
        String id = unique();
        HttpResponse<String> response = post("/logs/pushed", "text/plain", "first " + id + "\r\n\nsecond " + id + "\n", bearer(TOKEN));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("accepted 2", response.body());
        List<Map<String, String>> logs = logstore.reader().all("pushed", id);
        assertEquals(List.of("first " + id, "second " + id), logs.stream().map(log -> log.get("content")).toList());
        assertEquals("http", logs.get(0).get("__topic__"));
    }

    @Test
    void oneJsonObjectBecomesOneEventWithItsMembersAsFields() throws Exception {
        String id = unique();
        long time = java.time.Instant.now().getEpochSecond() - 3600;
        String json = "{\"id\":\"" + id + "\",\"status\":200,\"ok\":true,\"user\":{\"name\":\"ann\"},\"tags\":[1,2],"
                + "\"none\":null,\"__time__\":" + time + ".25}";
        HttpResponse<String> response = post("/logs/pushed", "application/json", json, bearer(TOKEN));
        assertEquals(200, response.statusCode(), response.body());
        Map<String, String> log = logstore.reader().all("pushed", "id: " + id).get(0);
        assertEquals("200", log.get("status"));
        assertEquals("true", log.get("ok"));
        assertEquals("{\"name\":\"ann\"}", log.get("user"));
        assertEquals("[1,2]", log.get("tags"));
        assertTrue(!log.containsKey("none"), "null members are left out");
        assertEquals(Long.toString(time), log.get("__time__"));
        assertEquals("250000000", log.get("__time_ns_part__"));
    }

    @Test
    void jsonArrayAndNdjsonBecomeOneEventPerObject() throws Exception {
        String id = unique();
        assertEquals(200, post("/logs/pushed", "application/json",
                "[{\"id\":\"" + id + "\",\"n\":\"1\"},{\"id\":\"" + id + "\",\"n\":\"2\"}]", bearer(TOKEN)).statusCode());
        HttpResponse<String> ndjson = post("/logs/pushed", "application/x-ndjson",
                "{\"id\":\"" + id + "\",\"n\":\"3\"}\n{\"id\":\"" + id + "\",\"n\":\"4\"}\n{\"id\":\"" + id + "\",\"n\":\"5\"}\n",
                bearer(TOKEN));
        assertEquals("accepted 3", ndjson.body());
        List<Map<String, String>> logs = logstore.reader().all("pushed", "id: " + id);
        assertEquals(List.of("1", "2", "3", "4", "5"), logs.stream().map(log -> log.get("n")).sorted().toList());
    }

    @Test
    void invalidJsonIsRefusedWith400() throws Exception {
        HttpResponse<String> response = post("/logs/pushed", "application/json", "{\"a\": ", bearer(TOKEN));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("invalid JSON"), response.body());
        assertEquals(400, post("/logs/pushed", "application/json", "[1,2]", bearer(TOKEN)).statusCode());
    }

    @Test
    void wrongOrMissingCredentialsGet401AndStoreNothing() throws Exception {
        String id = unique();
        HttpResponse<String> wrong = post("/logs/pushed", "text/plain", id, bearer("not-the-token"));
        assertEquals(401, wrong.statusCode());
        assertEquals("Bearer", wrong.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, post("/logs/pushed", "text/plain", id, null).statusCode());
        assertEquals(401, post("/logs/pushed", "text/plain", id, basic("agent", "s3cret:x")).statusCode());
        assertEquals(401, post("/logs/basic", "text/plain", id, basic("agent", "wrong")).statusCode());
        assertEquals(401, post("/logs/basic", "text/plain", id, bearer(TOKEN)).statusCode());

        HttpResponse<String> right = post("/logs/basic", "text/plain", "basic " + id, basic("agent", "s3cret:x"));
        assertEquals(200, right.statusCode(), right.body());
        assertEquals(0, logstore.reader().all("pushed", id).size());
        assertEquals(List.of("basic " + id), logstore.reader().all("basic", id).stream().map(l -> l.get("content")).toList());
    }

    /**
     * {@code curl -d 'line'} sends a form: the engine turns it into form fields (header names)
     * and a map. It used to be stored as the map's text and then answered 500 (the field, a whole
     * log line, is no valid response header name), so a retrying client stored garbage again.
     */
    @Test
    void aFormBodyIsRefusedWith415NamingWhatIsTakenAndNothingIsStored() throws Exception {
        String id = unique();
        String form = "application/x-www-form-urlencoded";
        HttpPushGate gate = context.getRegistry().lookupByNameAndType("httpPushGate", HttpPushGate.class);
        long refusedBefore = gate.refusedRequests();
        HttpResponse<String> response = post("/logs/pushed", form, "2026-12-02 10:00:00.000 WARN [curl] " + id, bearer(TOKEN));
        assertEquals(415, response.statusCode(), response.body());
        assertTrue(response.body().contains("text/plain") && response.body().contains("application/json"), response.body());
        assertTrue(response.headers().map().keySet().stream().noneMatch(name -> name.contains(id)), response.headers().toString());
        assertEquals(415, post("/logs/pushed", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"line\"\r\n\r\n"
                + id + "\r\n--b--\r\n",
                bearer(TOKEN)).statusCode());
        // without credentials the answer is still a clean 401, not a 500 over the form's fields
        assertEquals(401, post("/logs/pushed", form, "line " + id, null).statusCode());
        assertEquals(refusedBefore + 3, gate.refusedRequests());

        assertEquals(200, post("/logs/pushed", "text/plain", "text " + id, bearer(TOKEN)).statusCode());
        assertEquals(List.of("text " + id), logstore.reader().all("pushed", id).stream().map(l -> l.get("content")).toList());
    }

    @Test
    void bodyOverTheLimitGets413() throws Exception {
        String id = unique();
        HttpResponse<String> response = post("/logs/pushed", "text/plain", id + "x".repeat(3000), bearer(TOKEN));
        assertEquals(413, response.statusCode());
        assertEquals(0, logstore.reader().all("pushed", id).size());
        assertEquals(200, post("/logs/pushed", "text/plain", id + " x".repeat(800), bearer(TOKEN)).statusCode());
    }

    @Test
    void duringAnOutageRequestsAreSpooledAnswered200AndStoredOnce() throws Exception {
        String id = unique();
        logstore.server().faults().setOutage(true);
        for (int request = 0; request < 3; request++) {
            HttpResponse<String> accepted = post("/logs/pushed", "text/plain", numbered(id, request * 10, 10), bearer(TOKEN));
            assertEquals(200, accepted.statusCode(), accepted.body());
            assertEquals("accepted 10", accepted.body());
        }
        assertEquals(0, logstore.reader().all("pushed", id).size(), "nothing got through the outage");
        assertTrue(spool().statistics().spooledLogs() >= 30);

        logstore.server().faults().clear();
        assertEachNumberOnce(id, 30);
    }

    @Test
    void aFullSpoolDuringAnOutageAnswers503WithRetryAfterAndTheRetryIsStoredOnce() throws Exception {
        String id = unique();
        logstore.server().faults().setOutage(true);
        int next = 0;
        HttpResponse<String> refused = null;
        int refusedFrom = -1;
        for (int request = 0; request < 50 && refused == null; request++) {
            HttpResponse<String> response = post("/logs/pushed", "text/plain", numbered(id, next, 10), bearer(TOKEN));
            if (response.statusCode() == 503) {
                refused = response;
                refusedFrom = next;
            } else {
                assertEquals(200, response.statusCode(), response.body());
            }
            next += 10;
        }
        assertTrue(refused != null, "the spool (3000 bytes) filled up");
        assertEquals("7", refused.headers().firstValue("Retry-After").orElse(""), refused.headers().toString());
        assertTrue(!refused.body().contains("localhost"), "no internal detail in the answer: " + refused.body());

        logstore.server().faults().clear();
        await().atMost(WAIT).until(() -> spool().pendingBytes() == 0);
        // The client sends the refused request again, as Retry-After told it to.
        assertEquals(200, post("/logs/pushed", "text/plain", numbered(id, refusedFrom, 10), bearer(TOKEN)).statusCode());
        assertEachNumberOnce(id, next);
    }

    @Test
    void pausedTheInputAnswers503AndResumedItTakesDataAgain() throws Exception {
        HttpPushGate gate = context.getRegistry().lookupByNameAndType("httpPushGate", HttpPushGate.class);
        String id = unique();
        gate.pause("test");
        HttpResponse<String> refused = post("/logs/pushed", "text/plain", numbered(id, 0, 5), bearer(TOKEN));
        assertEquals(503, refused.statusCode());
        assertEquals("7", refused.headers().firstValue("Retry-After").orElse(""));
        gate.resume("test");
        assertEquals(200, post("/logs/pushed", "text/plain", numbered(id, 0, 5), bearer(TOKEN)).statusCode());
        assertEachNumberOnce(id, 5);
    }

    @Test
    void anEventTheLogstoreRefusesAsTooLargeIs413AndNotSpooled() throws Exception {
        String id = unique();
        long spooledBefore = spool().statistics().spooledLogs();
        HttpResponse<String> response = post("/logs/pushed", "text/plain", id + " " + "y".repeat(2500), bearer(TOKEN));
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("do not send this request again"), response.body());
        assertEquals(spooledBefore, spool().statistics().spooledLogs());
        assertEquals(0, logstore.reader().all("pushed", id).size());
    }

    private SpoolStore spool() {
        return context.getComponent("spool", SpoolComponent.class).openedStore(logstore.spoolDir().resolve("http-push"));
    }

    private static String numbered(String id, int from, int count) {
        StringBuilder lines = new StringBuilder();
        for (int n = from; n < from + count; n++) {
            lines.append(id).append(' ').append(n).append('\n');
        }
        return lines.toString();
    }

    /** Every line {@code id n} for n in [0, count) is stored exactly once. */
    private void assertEachNumberOnce(String id, int count) throws Exception {
        List<Map<String, String>> logs = logstore.reader().awaitLogs("pushed", id, WAIT, l -> l.size() >= count);
        Map<Integer, Long> copies = logs.stream().collect(java.util.stream.Collectors.groupingBy(
                log -> Integer.parseInt(log.get("content").substring(id.length() + 1)), java.util.stream.Collectors.counting()));
        for (int n = 0; n < count; n++) {
            assertEquals(1L, copies.getOrDefault(n, 0L), "copies of line " + n + " in " + copies);
        }
        assertEquals(count, logs.size());
    }

    private HttpResponse<String> post(String path, String contentType, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(WAIT)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String unique() {
        return "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
