package io.logcamel.logstore;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.logstore.sign.Digests;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The producer against a real HTTP server standing in for Log Service. */
class LogstoreProducerTest {

    static final String KEY_ID = "test-key-id";
    static final String SECRET = "S3cr3t-never-in-logs-42";

    private FakeLogService service;
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void startService() throws Exception {
        service = new FakeLogService();
    }

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.stop();
        }
        service.close();
    }

    private void route(String options) throws Exception {
        String uri = "logstore:demo/app?endpoint=" + service.endpoint() + "&accessKeyId=" + KEY_ID
                + "&accessKeySecret=" + SECRET
                + (options.contains("retryInitialDelay") ? "" : "&retryInitialDelay=5&retryMaxDelay=20") + options;
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to(uri);
            }
        });
        context.start();
        template = context.createProducerTemplate();
    }

    static LogBatch batch(int events) {
        LogBatch batch = new LogBatch();
        for (int i = 0; i < events; i++) {
            batch.add(LogEvent.ofContent(1_700_000_000L + i, 123_456_789, "line " + i));
        }
        return batch;
    }

    private LogstoreEndpoint endpoint() {
        return context.getEndpoints().stream().filter(LogstoreEndpoint.class::isInstance)
                .map(LogstoreEndpoint.class::cast).findFirst().orElseThrow();
    }

    @Test
    void sendsOneSignedPutLogsWithTheProtocolHeaders() throws Exception {
        route("&compressType=lz4&topic=t1&source=10.0.0.9&tags=env=test,team=ops");
        Exchange result = template.send("direct:in", e -> e.getMessage().setBody(batch(3).tag("__path__", "/var/log/a.log")));

        assertNull(result.getException());
        assertEquals(1, service.received().size());
        FakeLogService.Received request = service.received().get(0);
        assertEquals("POST", request.method());
        assertEquals("/logstores/app/shards/lb", request.path());
        assertEquals("demo.localhost:" + service.port(), request.header("Host"));
        assertEquals("0.6.0", request.header("x-log-apiversion"));
        assertEquals("lz4", request.header("x-log-compresstype"));
        assertEquals("application/x-protobuf", request.header("Content-Type"));
        assertEquals(Digests.md5UpperHex(request.body()), request.header("Content-MD5"));
        assertEquals("hmac-sha1", request.header("x-log-signaturemethod"));
        assertNotNull(request.header("Date"));
        assertTrue(request.header("Authorization").startsWith("LOG " + KEY_ID + ":"));

        LogBatch group = request.logGroup();
        // what the service's own protobuf classes read from the body as sent
        com.aliyun.openservices.log.common.Logs.LogGroup sdkGroup = com.aliyun.openservices.log.common.Logs.LogGroup
                .parseFrom(io.logcamel.logstore.wire.CompressType.LZ4.decompress(request.body(),
                        Integer.parseInt(request.header("x-log-bodyrawsize"))));
        assertEquals(3, sdkGroup.getLogsCount());
        assertEquals("t1", sdkGroup.getTopic());
        assertEquals("line 1", sdkGroup.getLogs(1).getContents(0).getValue());
        assertEquals(3, group.size());
        assertEquals("line 2", group.events().get(2).get("content"));
        assertEquals(123_456_789, group.events().get(0).timeNanos());
        assertEquals("t1", group.topic());
        assertEquals("10.0.0.9", group.source());
        assertEquals("/var/log/a.log", group.tags().get("__path__"));
        assertEquals("test", group.tags().get("env"));
        assertEquals("ops", group.tags().get("team"));
        assertTrue(group.tags().get("__pack_id__").matches("[0-9A-F]{16}-[0-9A-F]+"), group.tags().toString());

        assertEquals("REQ-1", result.getMessage().getHeader(LogstoreConstants.REQUEST_ID));
        assertEquals(1, result.getMessage().getHeader(LogstoreConstants.REQUEST_COUNT));
        assertEquals(3, result.getMessage().getHeader(LogstoreConstants.LOG_COUNT));
    }

    @Test
    void uncompressedBodyCarriesNoCompressTypeHeader() throws Exception {
        route("&compressType=none");
        template.sendBody("direct:in", "hello world");
        FakeLogService.Received request = service.received().get(0);
        assertNull(request.header("x-log-compresstype"));
        assertEquals(request.body().length, Integer.parseInt(request.header("x-log-bodyrawsize")));
        assertEquals("hello world", request.logGroup().events().get(0).get("content"));
    }

    @Test
    void acceptsAListOfEventsAndASingleEvent() throws Exception {
        route("&compressType=zstd");
        template.sendBody("direct:in", List.of(LogEvent.ofContent(1, 0, "a"), LogEvent.ofContent(2, 0, "b")));
        template.sendBody("direct:in", LogEvent.ofContent(3, 0, "c").put("level", "INFO"));
        assertEquals(2, service.received().get(0).logGroup().size());
        LogEvent single = service.received().get(1).logGroup().events().get(0);
        assertEquals("INFO", single.get("level"));
        assertEquals("zstd", service.received().get(1).header("x-log-compresstype"));
    }

    @Test
    void splitsByLogCountAndKeepsOrderAndDistinctPackIds() throws Exception {
        route("&maxLogsPerRequest=4");
        Exchange result = template.send("direct:in", e -> e.getMessage().setBody(batch(10)));
        assertEquals(3, service.received().size());
        List<String> lines = new ArrayList<>();
        List<String> packIds = new ArrayList<>();
        for (FakeLogService.Received request : service.received()) {
            LogBatch group = request.logGroup();
            group.events().forEach(event -> lines.add(event.get("content")));
            packIds.add(group.tags().get("__pack_id__"));
        }
        assertEquals(List.of(4, 4, 2), service.received().stream().map(r -> r.logGroup().size()).toList());
        assertEquals("line 0", lines.get(0));
        assertEquals("line 9", lines.get(9));
        assertEquals(3, packIds.stream().distinct().count());
        String context = packIds.get(0).substring(0, 16);
        assertTrue(packIds.stream().allMatch(id -> id.startsWith(context + "-")), packIds.toString());
        assertEquals(3, result.getMessage().getHeader(LogstoreConstants.REQUEST_COUNT));
        assertEquals(10, result.getMessage().getHeader(LogstoreConstants.LOG_COUNT));
    }

    @Test
    void splitsBySizeAndNeverExceedsTheLimit() throws Exception {
        int limit = 64 * 1024;
        route("&compressType=none&maxBytesPerRequest=" + limit);
        LogBatch batch = new LogBatch();
        String text = "é".repeat(900) + "x".repeat(1000); // multi-byte text: the estimate must still hold
        for (int i = 0; i < 200; i++) {
            batch.add(LogEvent.ofContent(1_700_000_000L, 0, i + " " + text));
        }
        template.sendBody("direct:in", batch);
        assertTrue(service.received().size() > 1);
        int total = 0;
        for (FakeLogService.Received request : service.received()) {
            int raw = Integer.parseInt(request.header("x-log-bodyrawsize"));
            assertTrue(raw <= limit, "raw body " + raw + " over " + limit);
            total += request.logGroup().size();
        }
        assertEquals(200, total);
    }

    @Test
    void startsANewLogGroupWhereEventTagsChange() throws Exception {
        route("");
        LogBatch batch = LogBatch.of(
                LogEvent.ofContent(1, 0, "a").putTag("__path__", "/a.log"),
                LogEvent.ofContent(2, 0, "b").putTag("__path__", "/a.log"),
                LogEvent.ofContent(3, 0, "c").putTag("__path__", "/b.log"));
        template.sendBody("direct:in", batch);
        assertEquals(2, service.received().size());
        assertEquals("/a.log", service.received().get(0).logGroup().tags().get("__path__"));
        assertEquals(2, service.received().get(0).logGroup().size());
        assertEquals("/b.log", service.received().get(1).logGroup().tags().get("__path__"));
    }

    @Test
    void hashKeyRoutesToAShardAndTheHeaderOverridesIt() throws Exception {
        route("&hashKey=00aa");
        template.sendBody("direct:in", "x");
        template.sendBodyAndHeaders("direct:in", "y",
                Map.of(LogstoreConstants.HASH_KEY, "ff01", LogstoreConstants.TOPIC, "override"));
        assertEquals("/logstores/app/shards/route", service.received().get(0).path());
        assertEquals("key=00aa", service.received().get(0).rawQuery());
        assertEquals("key=ff01", service.received().get(1).rawQuery());
        assertEquals("override", service.received().get(1).logGroup().topic());
    }

    @Test
    void retriesServerBusyAndQuotaUntilDelivered() throws Exception {
        route("&maxRetries=5");
        service.failNext(2, 503, "ServerBusy", "busy").failNext(1, 403, "WriteQuotaExceed", "quota");
        Exchange result = template.send("direct:in", e -> e.getMessage().setBody(batch(2)));
        assertNull(result.getException());
        assertEquals(4, service.received().size());
        // the same pack every time, signed again
        String packId = service.received().get(0).logGroup().tags().get("__pack_id__");
        assertTrue(service.received().stream().allMatch(r -> packId.equals(r.logGroup().tags().get("__pack_id__"))));
        LogstoreStatistics statistics = endpoint().getStatistics();
        assertEquals(4, statistics.attempts());
        assertEquals(3, statistics.retries());
        assertEquals(0, statistics.failures());
        assertEquals(2, statistics.logsDelivered());
    }

    @Test
    void givesUpWhenRetriesAreExhausted() throws Exception {
        route("&maxRetries=2");
        service.failNext(10, 500, "InternalServerError", "oops");
        LogstoreException error = sendExpectingFailure("x");
        assertEquals(3, service.received().size());
        assertEquals("InternalServerError", error.errorCode());
        assertEquals(500, error.httpStatus());
        assertEquals("REQ-3", error.requestId());
        assertTrue(error.isRetryable());
        assertEquals(1, endpoint().getStatistics().failures());
    }

    @Test
    void doesNotRetryABadRequest() throws Exception {
        route("&maxRetries=5");
        service.failNext(1, 400, "PostBodyTooLarge", "body too large");
        LogstoreException error = sendExpectingFailure("x");
        assertEquals(1, service.received().size());
        assertEquals("PostBodyTooLarge", error.errorCode());
        assertEquals(400, error.httpStatus());
        assertEquals("REQ-1", error.requestId());
        assertFalse(error.isRetryable());
        assertTrue(error.getMessage().contains("project demo, logstore app at http://localhost:" + service.port()),
                error.getMessage());
    }

    @Test
    void doesNotRetryAnInvalidLogSize() throws Exception {
        route("&maxRetries=5");
        service.failNext(1, 400, "InvalidLogSize", "log too large");
        LogstoreException error = sendExpectingFailure("x");
        assertEquals(1, service.received().size());
        assertEquals("InvalidLogSize", error.errorCode());
        assertFalse(error.isRetryable());
    }

    @Test
    void unknownConnectionFailureIsARetryableRequestError() throws Exception {
        int deadPort = service.port();
        service.close();
        String uri = "logstore:demo/app?endpoint=http://127.0.0.1:" + deadPort + "&accessKeyId=" + KEY_ID
                + "&accessKeySecret=" + SECRET + "&maxRetries=1&retryInitialDelay=1&retryMaxDelay=1&connectTimeout=500";
        context = new DefaultCamelContext();
        context.start();
        template = context.createProducerTemplate();
        Exchange result = template.send(uri, e -> e.getMessage().setBody("x"));
        LogstoreException error = assertInstanceOf(LogstoreException.class, result.getException());
        assertEquals(LogstoreException.REQUEST_ERROR, error.errorCode());
        assertEquals(0, error.httpStatus());
        assertTrue(error.isRetryable());
        service = new FakeLogService(); // for @AfterEach
    }

    @Test
    void wrongKeyFailsLoudlyWithoutLeakingTheSecret() throws Exception {
        try (CapturedLogs logs = new CapturedLogs()) {
            route("&maxRetries=2");
            service.failNext(10, 401, "SignatureNotMatch", "signature abc not match");
            LogstoreException error = sendExpectingFailure("x");
            assertEquals("SignatureNotMatch", error.errorCode());
            assertEquals(401, error.httpStatus());
            assertTrue(error.isRetryable());
            assertEquals(3, service.received().size());
            LogstoreEndpoint endpoint = endpoint();
            context.stop();

            String text = logs.all();
            // the capture works: the loud warning (once, for three attempts) and Camel's own endpoint lines are in it
            assertEquals(1, logs.lines().stream()
                    .filter(l -> l.contains("SignatureNotMatch") && l.contains("logged once per error code")).count());
            assertTrue(text.contains("logstore://demo/app"), "Camel's endpoint lines were not captured");
            List<String> leaks = logs.lines().stream().filter(l -> l.contains(SECRET))
                    .map(l -> l.length() > 400 ? l.substring(0, 400) : l).toList();
            assertTrue(leaks.isEmpty(), "the secret reached log lines:\n" + String.join("\n", leaks));
            for (Throwable t = error; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains(SECRET));
            }
            assertFalse(endpoint.toString().contains(SECRET), endpoint.toString());
            assertFalse(String.valueOf(endpoint.getConfiguration()).contains(SECRET));
        }
    }

    @Test
    void anEventLargerThanTheLimitFailsBeforeAnythingIsSent() throws Exception {
        route("&compressType=none&maxBytesPerRequest=2048");
        LogBatch batch = LogBatch.of(LogEvent.ofContent(1, 0, "small"), LogEvent.ofContent(2, 0, "x".repeat(5000)));
        LogstoreException error = sendExpectingFailure(batch);
        assertEquals("InvalidLogSize", error.errorCode());
        assertFalse(error.isRetryable());
        assertTrue(service.received().isEmpty());
    }

    @Test
    void camelRedeliverySkipsRequestsAlreadyAcknowledged() throws Exception {
        context = new DefaultCamelContext();
        String uri = "logstore:demo/app?endpoint=" + service.endpoint() + "&accessKeyId=" + KEY_ID
                + "&accessKeySecret=" + SECRET + "&maxRetries=0&maxLogsPerRequest=2";
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(defaultErrorHandler().maximumRedeliveries(1).redeliveryDelay(0));
                from("direct:in").to(uri);
            }
        });
        context.start();
        template = context.createProducerTemplate();
        // request 1 goes through, request 2 fails once, the redelivery sends 2 and 3 only
        service.succeedNext(1).failNext(1, 503, "ServerBusy", "busy");
        Exchange result = template.send("direct:in", e -> e.getMessage().setBody(batch(6)));
        assertNull(result.getException());
        List<String> firstLines = service.received().stream()
                .map(r -> r.logGroup().events().get(0).get("content")).toList();
        assertEquals(List.of("line 0", "line 2", "line 2", "line 4"), firstLines);
    }

    @Test
    void manyThreadsShareOneProducer() throws Exception {
        route("&maxLogsPerRequest=3");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<Exchange>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            results.add(pool.submit(() -> template.send("direct:in", e -> e.getMessage().setBody(
                    LogBatch.of(LogEvent.ofContent(n, 0, "t" + n + "-a"), LogEvent.ofContent(n, 0, "t" + n + "-b"),
                            LogEvent.ofContent(n, 0, "t" + n + "-c"), LogEvent.ofContent(n, 0, "t" + n + "-d"))))));
        }
        for (java.util.concurrent.Future<Exchange> result : results) {
            assertNull(result.get().getException());
        }
        pool.shutdown();
        assertEquals(80, service.received().size());
        java.util.Set<String> lines = new java.util.HashSet<>();
        java.util.Set<String> packIds = new java.util.HashSet<>();
        for (FakeLogService.Received request : service.received()) {
            LogBatch group = request.logGroup();
            group.events().forEach(event -> lines.add(event.get("content")));
            packIds.add(group.tags().get("__pack_id__"));
        }
        assertEquals(160, lines.size());
        assertEquals(80, packIds.size());
    }

    @Test
    void shutdownCutsABackoffWaitShort() throws Exception {
        route("&maxRetries=5&retryInitialDelay=60s&retryMaxDelay=60s");
        service.failNext(100, 503, "ServerBusy", "busy");
        java.util.concurrent.CompletableFuture<Exchange> pending =
                template.asyncSend("direct:in", e -> e.getMessage().setBody("x"));
        long deadline = System.currentTimeMillis() + 5000;
        while (service.received().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        long started = System.nanoTime();
        context.stop();
        Exchange result = pending.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - started < java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
        LogstoreException error = assertInstanceOf(LogstoreException.class, result.getException());
        assertEquals("ServerBusy", error.errorCode());
        assertTrue(error.isRetryable());
        assertTrue(error.getMessage().contains("stopped while waiting to retry"), error.getMessage());
        assertEquals(1, service.received().size());
        context = null;
    }

    private LogstoreException sendExpectingFailure(Object body) {
        Exchange result = template.send("direct:in", e -> e.getMessage().setBody(body));
        return assertInstanceOf(LogstoreException.class, result.getException());
    }

    @Test
    void aTemplateSendBodyRaisesTheTypedException() throws Exception {
        route("&maxRetries=0");
        service.failNext(1, 404, "LogStoreNotExist", "logstore app does not exist");
        CamelExecutionException thrown = assertThrows(CamelExecutionException.class,
                () -> template.sendBody("direct:in", "x"));
        LogstoreException error = assertInstanceOf(LogstoreException.class, thrown.getCause());
        assertEquals("LogStoreNotExist", error.errorCode());
        assertTrue(error.isRetryable());
    }
}
