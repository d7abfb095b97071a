package io.logcamel.logstore;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.testing.LogstoreReader;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Instant;
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

        List<Map<String, String>> logs = getLogs("marker: " + marker);
        assertEquals(5, logs.size());
        Map<String, String> first = logs.stream().filter(l -> "0".equals(l.get("seq"))).findFirst().orElseThrow();
        assertEquals("日志 line 0", first.get("text"));
        assertEquals("e2e", first.get("__topic__"));
        assertEquals("10.9.8.7", first.get("__source__"));
        assertEquals("e2e", first.get("__tag__:env"));
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

    private List<Map<String, String>> getLogs(String query) throws Exception {
        try (LogstoreReader reader = new LogstoreReader(server.port(), "demo", KEY_ID, SECRET)) {
            return reader.all("app", query);
        }
    }
}
