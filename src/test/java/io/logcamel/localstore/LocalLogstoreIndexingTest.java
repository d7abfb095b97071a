package io.logcamel.localstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.logstore.wire.CompressType;
import io.logcamel.logstore.wire.LogGroupEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal and the indexer behind PutLogs with real parts (journal files, DuckDB): what is
 * accepted survives until it is indexed, is indexed exactly once across restarts, and the
 * backlog between the two is bounded.
 */
class LocalLogstoreIndexingTest {

    @TempDir
    Path dataDir;

    private static LogBatch numbered(int from, int count) {
        long now = Instant.now().getEpochSecond();
        List<LogEvent> events = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            events.add(new LogEvent(now, n).add("content", "line " + n).add("n", Integer.toString(n)));
        }
        return new LogBatch(events);
    }

    private static IncomingRequest putLogs(LogBatch batch) {
        byte[] raw = new LogGroupEncoder().encode(batch.events(), 0, batch.size(), "", "", List.of());
        byte[] body = CompressType.LZ4.compress(raw);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-MD5", "checked-by-the-authenticator");
        headers.put("x-log-compresstype", "lz4");
        headers.put("x-log-bodyrawsize", Integer.toString(raw.length));
        return new IncomingRequest("POST", "/logstores/store/shards/lb", Map.of(), headers, body, "demo");
    }

    private static IncomingRequest getLogs() {
        Map<String, String> query = Map.of("type", "log", "from", "0", "to", Long.toString(Instant.now().getEpochSecond() + 60),
                "query", "*", "line", "100");
        return new IncomingRequest("GET", "/logstores/store", query, Map.of(), new byte[0], "demo");
    }

    private static List<Integer> numbers(Reply reply) throws Exception {
        List<Integer> numbers = new ArrayList<>();
        for (JsonNode log : SignedClient.JSON.readTree(new String(reply.body(), StandardCharsets.UTF_8))) {
            numbers.add(log.get("n").asInt());
        }
        return numbers;
    }

    private static List<Integer> range(int from, int count) {
        List<Integer> numbers = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            numbers.add(n);
        }
        return numbers;
    }

    @Test
    void acceptedLogsWaitInTheJournalUntilIndexedAndTheBacklogIsBounded() throws Exception {
        LocalstoreStats stats = new LocalstoreStats();
        try (LogTable table = LogTable.open(dataDir, 512);
             Journal journal = Journal.open(dataDir.resolve(Journal.DIRECTORY), table.indexedOffset(), false,
                     Journal.DEFAULT_SEGMENT_BYTES)) {
            LogIndexer indexer = new LogIndexer(journal, table, stats);
            PutLogsHandler put = new PutLogsHandler(journal, indexer, 1, new FaultInjector(), stats);
            assertEquals(10, put.handle(putLogs(numbered(0, 10)), "store"));

            // the indexer is not running: the one-byte backlog allowed is exceeded
            LogstoreError refused = assertThrows(LogstoreError.class, () -> put.handle(putLogs(numbered(10, 10)), "store"));
            assertEquals(403, refused.status());
            assertEquals("WriteQuotaExceed", refused.code());
            assertTrue(indexer.backlogBytes() > 0);

            Reply notYet = new GetLogsHandler(table, journal, indexer, 0).get(getLogs(), "store");
            assertEquals("Incomplete", notYet.headers().get("x-log-progress"), "a query that cannot see everything accepted says so");
            assertEquals(List.of(), numbers(notYet));

            indexer.start();
            Reply indexed = new GetLogsHandler(table, journal, indexer, 10_000).get(getLogs(), "store");
            assertEquals("Complete", indexed.headers().get("x-log-progress"));
            assertEquals(range(0, 10), numbers(indexed));
            assertEquals(0, indexer.backlogBytes());
            assertEquals(10, put.handle(putLogs(numbered(10, 10)), "store"), "accepted again once the indexer caught up");
            indexer.close();
            assertEquals(20, stats.rowsIndexed());
        }
    }

    @Test
    void whatWasAcceptedButNotIndexedIsIndexedAtTheNextStartAndOnlyOnce() throws Exception {
        LocalstoreStats stats = new LocalstoreStats();
        try (LogTable table = LogTable.open(dataDir, 512);
             Journal journal = Journal.open(dataDir.resolve(Journal.DIRECTORY), table.indexedOffset(), false,
                     Journal.DEFAULT_SEGMENT_BYTES)) {
            LogIndexer indexer = new LogIndexer(journal, table, stats);
            PutLogsHandler put = new PutLogsHandler(journal, indexer, 1L << 30, new FaultInjector(), stats);
            for (int r = 0; r < 5; r++) {
                put.handle(putLogs(numbered(r * 100, 100)), "store");
            }
            // the process "dies" here: the indexer never ran
        }
        LocalLogstoreSettings settings = new LocalLogstoreSettings("127.0.0.1", 0, dataDir, Map.of("id", "secret"), "demo");
        for (int start = 0; start < 3; start++) {
            try (LocalLogstoreServer server = LocalLogstoreServer.start(settings)) {
                SignedClient client = new SignedClient(server.port(), "id", "secret");
                HttpResponseCount count = HttpResponseCount.of(client.getLogs("store", Map.of("line", "0")));
                assertEquals("Complete", count.progress);
                assertEquals(500 + start * 10, count.rows, "start " + start + ": every accepted log once, none twice");
                JsonNode counts = client.logs("store", Map.of("query", "* | SELECT n, count(*) AS c GROUP BY n HAVING count(*) > 1"));
                assertEquals(0, counts.size(), "no number stored twice: " + counts);
                assertEquals(200, client.putLogs("store", numbered(1000 + start * 10, 10)).statusCode());
            }
        }
    }

    private record HttpResponseCount(String progress, long rows) {
        static HttpResponseCount of(java.net.http.HttpResponse<String> response) {
            assertEquals(200, response.statusCode(), response.body());
            return new HttpResponseCount(response.headers().firstValue("x-log-progress").orElseThrow(),
                    Long.parseLong(response.headers().firstValue("x-log-processed-rows").orElseThrow()));
        }
    }

    @Test
    void keysPastTheColumnLimitAndRepeatedKeysKeepTheirValuesOrderAndSearch() throws Exception {
        LocalLogstoreSettings settings = new LocalLogstoreSettings("127.0.0.1", 0, dataDir, Map.of("id", "secret"), "demo")
                .withStorage(new LocalLogstoreSettings.Storage(false, 1L << 30, Duration.ofSeconds(10), 2));
        long now = Instant.now().getEpochSecond();
        LogBatch batch = LogBatch.of(
                new LogEvent(now, 1).add("a", "1").add("b", "2").add("c", "three").add("d", "4"),
                new LogEvent(now, 2).add("d", "four").add("a", "first").add("a", "second"),
                new LogEvent(now, 3).add("b", "only b"));
        for (int start = 0; start < 2; start++) {
            try (LocalLogstoreServer server = LocalLogstoreServer.start(settings)) {
                SignedClient client = new SignedClient(server.port(), "id", "secret");
                if (start == 0) {
                    assertEquals(200, client.putLogs("wide", batch).statusCode());
                }
                JsonNode logs = client.logs("wide", Map.of());
                assertEquals(3, logs.size());
                assertEquals(List.of("a", "b", "c", "d"), LocalLogstorePutLogsTest.fieldNames(logs.get(0)).subList(0, 4));
                assertEquals("three", logs.get(0).get("c").asText());
                assertTrue(client.getLogs("wide", Map.of()).body().contains("{\"d\":\"four\",\"a\":\"first\",\"a\":\"second\","),
                        "a repeated key comes back twice, in place");
                assertEquals(List.of("b"), LocalLogstorePutLogsTest.fieldNames(logs.get(2)).subList(0, 1));

                assertEquals(1, client.logs("wide", Map.of("query", "c: three")).size(), "a key without a column is searchable");
                assertEquals(1, client.logs("wide", Map.of("query", "a: second")).size(), "so is a repeated key's second value");
                assertEquals(1, client.logs("wide", Map.of("query", "a: first and d: four")).size());
                assertEquals(2, client.logs("wide", Map.of("query", "d > 3 or d: four")).size());
                assertEquals(2, client.logs("wide", Map.of("query", "four or three")).size(), "full text reaches every value");
                JsonNode rows = client.logs("wide", Map.of("query", "* | SELECT c, d, b FROM log ORDER BY __time__"));
                assertEquals("three", rows.get(0).get("c").asText());
                assertEquals("4", rows.get(0).get("d").asText());
                assertEquals("null", rows.get(1).get("c").asText());
                assertEquals("only b", rows.get(2).get("b").asText());
            }
        }
    }
}
