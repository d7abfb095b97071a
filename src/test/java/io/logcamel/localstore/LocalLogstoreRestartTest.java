package io.logcamel.localstore;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalLogstoreRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void logsSurviveARestartOnTheSameDirectoryAndKeepTheirOrder() throws Exception {
        Path nested = dataDir.resolve("not/yet/there");
        LocalLogstoreSettings settings = new LocalLogstoreSettings("127.0.0.1", 0, nested, Map.of("id", "secret"), "demo");
        long now = Instant.now().getEpochSecond();
        try (LocalLogstoreServer first = LocalLogstoreServer.start(settings)) {
            SignedClient client = new SignedClient(first.port(), "id", "secret");
            assertEquals(200, client.putLogs("kept", LogBatch.of(LogEvent.ofContent(now, 0, "before restart"))).statusCode());
        }
        assertTrue(Files.exists(nested.resolve(LogTable.FILE_NAME)));

        try (LocalLogstoreServer second = LocalLogstoreServer.start(settings)) {
            SignedClient client = new SignedClient(second.port(), "id", "secret");
            assertEquals("before restart", client.logs("kept", Map.of()).get(0).get("content").asText());
            // same second and nanos: only the sequence, which must continue after the restart, orders them
            assertEquals(200, client.putLogs("kept", LogBatch.of(LogEvent.ofContent(now, 0, "after restart"))).statusCode());
            var logs = client.logs("kept", Map.of());
            assertEquals(2, logs.size());
            assertEquals("before restart", logs.get(0).get("content").asText());
            assertEquals("after restart", logs.get(1).get("content").asText());
        }
    }
}
