package io.logcamel.input.http;

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
        context.getPropertiesComponent().addInitialProperty("logcamel.http-push.max-body-bytes", "1000");
        logstore.configure(context);
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

    @Test
    void bodyOverTheLimitGets413() throws Exception {
        String id = unique();
        HttpResponse<String> response = post("/logs/pushed", "text/plain", id + "x".repeat(1000), bearer(TOKEN));
        assertEquals(413, response.statusCode());
        assertEquals(0, logstore.reader().all("pushed", id).size());
        assertEquals(200, post("/logs/pushed", "text/plain", id + "x".repeat(900), bearer(TOKEN)).statusCode());
    }

    @Test
    void answers5xxWhileTheLogstoreFailsSoTheClientRetries() throws Exception {
        String id = unique();
        logstore.server().faults().setOutage(true);
        HttpResponse<String> failed = post("/logs/pushed", "text/plain", "retry me " + id, bearer(TOKEN));
        assertTrue(failed.statusCode() >= 500, "status " + failed.statusCode());
        assertTrue(!failed.body().contains("localhost"), "no internal detail in the answer: " + failed.body());

        logstore.server().faults().clear();
        HttpResponse<String> retried = post("/logs/pushed", "text/plain", "retry me " + id, bearer(TOKEN));
        assertEquals(200, retried.statusCode());
        assertEquals(1, logstore.reader().all("pushed", id).size());
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
