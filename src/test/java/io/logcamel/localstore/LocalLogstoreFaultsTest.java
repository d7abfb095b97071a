package io.logcamel.localstore;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalLogstoreFaultsTest {

    @TempDir
    Path dataDir;
    LocalLogstoreServer server;
    SignedClient client;

    @BeforeEach
    void start() throws Exception {
        server = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0, dataDir, Map.of("id", "secret"), "demo"));
        client = new SignedClient(server.port(), "id", "secret");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> put() throws Exception {
        return client.putLogs("faulty", LogBatch.of(LogEvent.ofContent(Instant.now().getEpochSecond(), 0, "x")));
    }

    @ParameterizedTest
    @CsvSource({"ServerBusy,503", "WriteQuotaExceed,403", "ShardWriteQuotaExceed,403", "InternalServerError,500",
            "PostBodyTooLarge,413", "InvalidLogSize,400"})
    void errorAtRateOneAnswersEveryPutLogs(String code, int status) throws Exception {
        server.faults().setError(code, 1.0);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = put();
            assertEquals(status, response.statusCode());
            assertEquals(code, SignedClient.errorCode(response));
        }
        assertEquals(0, client.logs("faulty", Map.of()).size(), "faults apply to PutLogs only and store nothing");
        server.faults().clear();
        assertEquals(200, put().statusCode());
    }

    @Test
    void partialRateFailsSomeAndPassesOthers() throws Exception {
        server.faults().setError("ServerBusy", 0.5);
        int failed = 0;
        int total = 60;
        for (int i = 0; i < total; i++) {
            failed += put().statusCode() == 503 ? 1 : 0;
        }
        assertTrue(failed > 5 && failed < total - 5, failed + " of " + total + " failed");
        assertEquals(total - failed, client.logs("faulty", Map.of()).size());
    }

    @Test
    void outageIsServerBusyUntilLifted() throws Exception {
        server.faults().setOutage(true);
        HttpResponse<String> response = put();
        assertEquals(503, response.statusCode());
        assertEquals("ServerBusy", SignedClient.errorCode(response));
        server.faults().setOutage(false);
        assertEquals(200, put().statusCode());
    }

    @Test
    void latencyDelaysTheAnswer() throws Exception {
        server.faults().setLatencyMillis(300);
        long started = System.nanoTime();
        assertEquals(200, put().statusCode());
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 300);
    }

    @Test
    void invalidFaultSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> server.faults().setError("ServerBusy", 1.5));
        assertThrows(IllegalArgumentException.class, () -> server.faults().setError("no spaces allowed", 1));
        assertThrows(IllegalArgumentException.class, () -> server.faults().setLatencyMillis(-1));
    }

    @Test
    void faultsCanBeSetOverHttpFromLoopback() throws Exception {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        HttpResponse<String> set = client.sendAsIs("PUT", "/_local/faults", Map.of(), json,
                "{\"errorCode\":\"WriteQuotaExceed\",\"rate\":1.0}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, set.statusCode(), set.body());
        assertEquals("WriteQuotaExceed", SignedClient.errorCode(put()));

        client.sendAsIs("PUT", "/_local/faults", Map.of(), json, "{\"outage\":true}".getBytes(StandardCharsets.UTF_8));
        assertEquals("ServerBusy", SignedClient.errorCode(put()), "PUT replaces all faults");

        HttpResponse<String> bad = client.sendAsIs("PUT", "/_local/faults", Map.of(), json,
                "{\"errorCode\":\"ServerBusy\",\"rate\":7}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, bad.statusCode());
        assertEquals("ServerBusy", SignedClient.errorCode(put()), "a refused update leaves the faults as they were");

        assertEquals(200, client.sendAsIs("DELETE", "/_local/faults", Map.of(), Map.of(), new byte[0]).statusCode());
        assertEquals(200, put().statusCode());
    }
}
