package io.logcamel.logstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.logstore.sign.Credentials;
import io.logcamel.logstore.sign.RequestSigner;
import io.logcamel.logstore.sign.SignatureVersion;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.net.URIBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end against the real local Logstore: what the producer sends is verified, stored and
 * read back with GetLogs. Written against the LocalLogstoreServer contract; enabled once the
 * local Logstore is merged.
 */
class LogstoreToLocalLogstoreTest {

    private static final String KEY_ID = "local-key";
    private static final String SECRET = "local-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private LocalLogstoreServer server;
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        server = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0, dataDir,
                Map.of(KEY_ID, SECRET), "demo"));
        context = new DefaultCamelContext();
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        context.stop();
        server.close();
    }

    private String uri(String secret, String options) {
        return "logstore:demo/app?endpoint=http://localhost:" + server.port() + "&accessKeyId=" + KEY_ID
                + "&accessKeySecret=" + secret + "&topic=e2e&source=10.9.8.7&tags=env=e2e" + options;
    }

    private static LogBatch batch(String marker, int events) {
        long now = Instant.now().getEpochSecond();
        LogBatch batch = new LogBatch();
        for (int i = 0; i < events; i++) {
            batch.add(new LogEvent(now, i).add("marker", marker).add("seq", Integer.toString(i))
                    .add("text", "日志 line " + i));
        }
        return batch;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"lz4,v1", "zstd,v1", "deflate,v1", "none,v1", "lz4,v4", "zstd,v4", "deflate,v4", "none,v4"})
    void everyCompressionAndSignatureIsStoredAndReadBack(String compressType, String signatureVersion)
            throws Exception {
        String marker = UUID.randomUUID().toString();
        Exchange result = template.send(uri(SECRET, "&compressType=" + compressType + "&signatureVersion="
                + signatureVersion + "&region=cn-hangzhou"), e -> e.getMessage().setBody(batch(marker, 5)));
        assertNull(result.getException());

        List<JsonNode> logs = getLogs("marker: " + marker);
        assertEquals(5, logs.size());
        JsonNode first = logs.stream().filter(l -> l.path("seq").asText().equals("0")).findFirst().orElseThrow();
        assertEquals("日志 line 0", first.path("text").asText());
        assertEquals("e2e", first.path("__topic__").asText());
        assertEquals("10.9.8.7", first.path("__source__").asText());
        assertEquals("e2e", first.path("__tag__:env").asText());
    }

    @Test
    void aWrongKeyIsRejectedAndNothingIsStored() throws Exception {
        String marker = UUID.randomUUID().toString();
        Exchange result = template.send(uri("wrong-secret", "&maxRetries=0"),
                e -> e.getMessage().setBody(batch(marker, 3)));
        LogstoreException error = assertInstanceOf(LogstoreException.class, result.getException());
        assertEquals("SignatureNotMatch", error.errorCode());
        assertEquals(401, error.httpStatus());
        assertTrue(getLogs("marker: " + marker).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"ServerBusy", "WriteQuotaExceed"})
    void injectedFaultsAreRetriedUntilEverythingIsDelivered(String errorCode) throws Exception {
        server.faults().setError(errorCode, 0.5);
        String marker = UUID.randomUUID().toString();
        String uri = uri(SECRET, "&maxRetries=30&retryInitialDelay=1&retryMaxDelay=5");
        for (int i = 0; i < 20; i++) {
            Exchange result = template.send(uri, e -> e.getMessage().setBody(batch(marker, 2)));
            assertNull(result.getException());
        }
        server.faults().clear();
        LogstoreEndpoint endpoint = context.getEndpoint(uri, LogstoreEndpoint.class);
        assertTrue(endpoint.getStatistics().retries() > 0, endpoint.getStatistics().toString());
        assertEquals(40, getLogs("marker: " + marker).size());
    }

    /** GetLogs over HTTP, signed v1 with our signer, Host naming the project. */
    private List<JsonNode> getLogs(String query) throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("type", "log");
        params.put("from", Long.toString(now - 3600));
        params.put("to", Long.toString(now + 3600));
        params.put("query", query);
        params.put("line", "100");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "demo.localhost:" + server.port());
        headers.put("x-log-apiversion", "0.6.0");
        headers.put("x-log-bodyrawsize", "0");
        new RequestSigner(new Credentials(KEY_ID, SECRET), SignatureVersion.V1, null)
                .sign("GET", "/logstores/app", params, headers, null, Instant.now());
        URIBuilder uri = new URIBuilder().setPath("/logstores/app");
        params.forEach(uri::addParameter);
        HttpGet get = new HttpGet(uri.build());
        get.setScheme("http");
        get.setAuthority(new URIAuthority("demo.localhost", server.port()));
        headers.forEach((name, value) -> {
            if (!name.equals("Host")) {
                get.setHeader(name, value);
            }
        });
        try (CloseableHttpClient client = HttpClients.createDefault()) {
            String body = client.execute(new HttpHost("http", "127.0.0.1", server.port()), get, response -> {
                String text = EntityUtils.toString(response.getEntity());
                assertEquals(200, response.getCode(), text);
                return text;
            });
            List<JsonNode> logs = new ArrayList<>();
            JSON.readTree(body).forEach(logs::add);
            return logs;
        }
    }
}
