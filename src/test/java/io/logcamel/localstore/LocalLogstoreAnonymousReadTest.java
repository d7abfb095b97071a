package io.logcamel.localstore;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's plain-curl read: unsigned GetLogs from this machine, only when switched on. */
class LocalLogstoreAnonymousReadTest {

    @TempDir
    Path dataDir;

    @Test
    void unsignedGetLogsFromLoopbackIsAnsweredOnlyWhenAllowed() throws Exception {
        LocalLogstoreSettings settings = new LocalLogstoreSettings("127.0.0.1", 0, dataDir, Map.of("id", "secret"), "demo");
        try (LocalLogstoreServer server = LocalLogstoreServer.start(settings)) {
            assertEquals(401, unsignedGet(server.port()).statusCode());
        }
        try (LocalLogstoreServer server = LocalLogstoreServer.start(settings.withAnonymousLoopbackRead(true))) {
            SignedClient client = new SignedClient(server.port(), "id", "secret");
            long now = Instant.now().getEpochSecond();
            assertEquals(200, client.putLogs("demo-logs", LogBatch.of(LogEvent.ofContent(now, 0, "read me with curl"))).statusCode());

            HttpResponse<String> response = unsignedGet(server.port());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("read me with curl"), response.body());

            HttpResponse<String> unsignedPut = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/logstores/demo-logs/shards/lb"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0])).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, unsignedPut.statusCode(), "PutLogs must stay signed: " + unsignedPut.body());
        }
    }

    private static HttpResponse<String> unsignedGet(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/logstores/demo-logs?type=log&from=0&to=4000000000&query=*&line=10")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
