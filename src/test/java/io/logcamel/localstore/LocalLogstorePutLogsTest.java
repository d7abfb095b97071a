package io.logcamel.localstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.logstore.sign.Digests;
import io.logcamel.logstore.sign.SignatureVersion;
import io.logcamel.logstore.wire.CompressType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalLogstorePutLogsTest {

    static final String KEY_ID = "test-id";
    static final String SECRET = "test-secret-value";

    @TempDir
    Path dataDir;
    LocalLogstoreServer server;
    SignedClient client;

    @BeforeEach
    void start() throws Exception {
        server = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0, dataDir, Map.of(KEY_ID, SECRET), "demo"));
        client = new SignedClient(server.port(), KEY_ID, SECRET);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static LogBatch sampleBatch(long time) {
        LogBatch batch = LogBatch.of(
                new LogEvent(time, 123_456_789).add("content", "GET /index.html 200").add("status", "200"),
                new LogEvent(time + 1, 0).add("content", "POST /login 500").add("status", "500").add("user", "ann"));
        return batch.topic("access").source("10.0.0.7").tag("__hostname__", "web-1").tag("__pack_id__", "ABCD-1");
    }

    @ParameterizedTest
    @EnumSource(CompressType.class)
    void storesWhatItReceivesWithEveryCompression(CompressType compression) throws Exception {
        long now = Instant.now().getEpochSecond();
        HttpResponse<String> response = client.putLogs("app", sampleBatch(now), compression);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("", response.body());
        assertTrue(response.headers().firstValue("x-log-requestid").isPresent());

        JsonNode logs = client.logs("app", Map.of());
        assertEquals(2, logs.size());
        JsonNode first = logs.get(0);
        assertEquals("GET /index.html 200", first.get("content").asText());
        assertEquals("200", first.get("status").asText());
        assertEquals(Long.toString(now), first.get("__time__").asText());
        assertEquals("123456789", first.get("__time_ns_part__").asText());
        assertEquals("access", first.get("__topic__").asText());
        assertEquals("10.0.0.7", first.get("__source__").asText());
        assertEquals("web-1", first.get("__tag__:__hostname__").asText());
        assertEquals("ABCD-1", first.get("__tag__:__pack_id__").asText());
        assertEquals(List.of("content", "status", "user"), fieldNames(logs.get(1)).subList(0, 3), "contents keep their order");
        assertEquals(2, server.stats().rowsReceived());
    }

    @Test
    void acceptsSignatureV4() throws Exception {
        SignedClient v4 = new SignedClient(server.port(), KEY_ID, SECRET, SignatureVersion.V4);
        HttpResponse<String> response = v4.putLogs("app", sampleBatch(Instant.now().getEpochSecond()), CompressType.ZSTD);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(2, v4.logs("app", Map.of()).size());
    }

    @Test
    void acceptsTheRouteShardPath() throws Exception {
        SignedClient.Request request = client.putLogsRequest("app", sampleBatch(Instant.now().getEpochSecond()), CompressType.LZ4);
        SignedClient.Request routed = new SignedClient.Request("POST", "/logstores/app/shards/route",
                Map.of("key", "0123456789abcdef"), request.body);
        routed.headers.putAll(request.headers);
        assertEquals(200, client.send(routed, Instant.now()).statusCode());
        assertEquals(2, client.logs("app", Map.of()).size());
    }

    @Test
    void keepsLogstoresApart() throws Exception {
        client.putLogs("one", sampleBatch(Instant.now().getEpochSecond()));
        assertEquals(2, client.logs("one", Map.of()).size());
        assertEquals(0, client.logs("two", Map.of()).size());
    }

    @Test
    void storesThousandsOfLogsInOneRequest() throws Exception {
        long now = Instant.now().getEpochSecond();
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            events.add(new LogEvent(now, i).add("content", "line " + i).add("n", Integer.toString(i)));
        }
        assertEquals(200, client.putLogs("bulk", new LogBatch(events)).statusCode());
        HttpResponse<String> count = client.getLogs("bulk", Map.of("line", "1"));
        assertEquals("5000", count.headers().firstValue("x-log-processed-rows").orElseThrow());
    }

    @Test
    void clockSkewIsRequestTimeExpired() throws Exception {
        SignedClient.Request request = client.putLogsRequest("app", sampleBatch(Instant.now().getEpochSecond()), CompressType.LZ4);
        HttpResponse<String> response = client.send(request, Instant.now().minus(Duration.ofMinutes(16)));
        assertRejected(response, 400, "RequestTimeExpired");
    }

    @Test
    void wrongContentMd5IsRejected() throws Exception {
        SignedClient.Request request = client.putLogsRequest("app", sampleBatch(Instant.now().getEpochSecond()), CompressType.LZ4);
        request.headers.put("Content-MD5", Digests.md5UpperHex(new byte[] {1, 2, 3}));
        assertRejected(client.send(request, Instant.now()), 400, "InvalidContentMD5");
    }

    @Test
    void wrongBodyRawSizeIsRejected() throws Exception {
        for (CompressType compression : CompressType.values()) {
            SignedClient.Request request = client.putLogsRequest("app", sampleBatch(Instant.now().getEpochSecond()), compression);
            int rawSize = Integer.parseInt(request.headers.get("x-log-bodyrawsize"));
            request.headers.put("x-log-bodyrawsize", Integer.toString(rawSize + 1));
            assertRejected(client.send(request, Instant.now()), 400, "InvalidBodyRawSize");
        }
    }

    @Test
    void unknownCompressionIsRejected() throws Exception {
        SignedClient.Request request = client.putLogsRequest("app", sampleBatch(Instant.now().getEpochSecond()), CompressType.NONE);
        request.headers.put("x-log-compresstype", "brotli");
        assertRejected(client.send(request, Instant.now()), 400, "InvalidCompressType");
    }

    @Test
    void oversizedBodyIsPostBodyTooLarge() throws Exception {
        SignedClient.Request request = client.putLogsRequest("app", sampleBatch(Instant.now().getEpochSecond()), CompressType.LZ4);
        request.headers.put("x-log-bodyrawsize", Integer.toString(PutLogsHandler.MAX_RAW_BODY + 1));
        assertRejected(client.send(request, Instant.now()), 413, "PostBodyTooLarge");
    }

    @Test
    void garbageBodyIsRejectedAndTheServerStaysHealthy() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        for (CompressType compression : new CompressType[] {CompressType.NONE, CompressType.LZ4, CompressType.ZSTD, CompressType.DEFLATE}) {
            SignedClient.Request request = client.putLogsRequest("app", new LogBatch(), compression);
            request.body = compression == CompressType.NONE ? garbage : compression.compress(garbage);
            request.headers.put("Content-MD5", Digests.md5UpperHex(request.body));
            request.headers.put("x-log-bodyrawsize", Integer.toString(garbage.length));
            HttpResponse<String> response = client.send(request, Instant.now());
            assertEquals(400, response.statusCode(), response.body());
            assertEquals("ProtoParseLogFail", SignedClient.errorCode(response));
        }
        SignedClient.Request notCompressed = client.putLogsRequest("app", new LogBatch(), CompressType.LZ4);
        notCompressed.body = garbage;
        notCompressed.headers.put("Content-MD5", Digests.md5UpperHex(garbage));
        notCompressed.headers.put("x-log-bodyrawsize", "100000");
        assertRejected(client.send(notCompressed, Instant.now()), 400, "InvalidBodyRawSize");

        assertEquals(200, client.putLogs("app", sampleBatch(Instant.now().getEpochSecond())).statusCode());
        assertEquals(2, client.logs("app", Map.of()).size());
    }

    @Test
    void unknownAccessKeyIsUnauthorized() throws Exception {
        SignedClient stranger = new SignedClient(server.port(), "someone-else", SECRET);
        HttpResponse<String> response = stranger.putLogs("app", sampleBatch(Instant.now().getEpochSecond()));
        assertRejected(response, 401, "Unauthorized");
        assertFalse(response.body().contains(SECRET));
    }

    @Test
    void wrongSecretIsSignatureNotMatch() throws Exception {
        for (SignatureVersion version : SignatureVersion.values()) {
            SignedClient impostor = new SignedClient(server.port(), KEY_ID, "not-the-secret", version);
            HttpResponse<String> response = impostor.putLogs("app", sampleBatch(Instant.now().getEpochSecond()));
            assertRejected(response, 401, "SignatureNotMatch");
            assertFalse(response.body().contains(SECRET));
        }
    }

    @Test
    void missingOrMalformedAuthorizationIsUnauthorized() throws Exception {
        SignedClient.Request request = client.putLogsRequest("app", sampleBatch(Instant.now().getEpochSecond()), CompressType.NONE);
        request.headers.put("Date", "Mon, 01 Jan 2024 00:00:00 GMT");
        assertRejected(client.sendAsIs("POST", request.path, Map.of(), request.headers, request.body), 401, "Unauthorized");
        request.headers.put("Authorization", "Bearer something");
        assertRejected(client.sendAsIs("POST", request.path, Map.of(), request.headers, request.body), 401, "Unauthorized");
    }

    @Test
    void signedGetLogsIsRequiredToo() throws Exception {
        SignedClient impostor = new SignedClient(server.port(), KEY_ID, "not-the-secret");
        assertRejected(impostor.getLogs("app", Map.of()), 401, "SignatureNotMatch");
    }

    @Test
    void unknownPathIsAnErrorWithARequestId() throws Exception {
        HttpResponse<String> response = client.sendAsIs("GET", "/nothing/here", Map.of(), Map.of(), new byte[0]);
        assertEquals(404, response.statusCode());
        assertNotNull(SignedClient.errorCode(response));
        assertTrue(response.headers().firstValue("x-log-requestid").isPresent());
    }

    /** Checks the status, the code and that nothing was stored. */
    private void assertRejected(HttpResponse<String> response, int status, String errorCode) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(errorCode, SignedClient.errorCode(response), response.body());
        assertTrue(response.headers().firstValue("x-log-requestid").isPresent());
        assertEquals(0, client.logs("app", Map.of()).size(), "a rejected request stores nothing");
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
