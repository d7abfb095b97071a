package io.logcamel.localstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GetLogs over a fixed set of logs: search syntax, analysis SQL, paging and order. */
class LocalLogstoreQueryTest {

    @TempDir
    static Path dataDir;
    static LocalLogstoreServer server;
    static SignedClient client;
    static long base;

    @BeforeAll
    static void startAndLoad() throws Exception {
        server = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0, dataDir, Map.of("id", "secret"), "demo"));
        client = new SignedClient(server.port(), "id", "secret");
        base = Instant.now().getEpochSecond() - 100;
        LogBatch web = new LogBatch().topic("web").source("10.0.0.1");
        web.add(log(0, "status", "200", "method", "GET", "path", "/index.html", "latency", "12", "content", "served Index page"));
        web.add(log(1, "status", "200", "method", "POST", "path", "/api/orders", "latency", "250"));
        web.add(log(2, "status", "404", "method", "GET", "path", "/missing", "latency", "3"));
        web.add(log(3, "status", "500", "method", "POST", "path", "/api/pay", "latency", "900", "content", "Timeout talking to bank"));
        web.add(log(4, "status", "200", "method", "GET", "path", "/api/items", "latency", "40"));
        assertEquals(200, client.putLogs("queries", web).statusCode());
        LogBatch jobs = new LogBatch().topic("jobs").source("10.0.0.2");
        jobs.add(log(5, "content", "nightly job finished", "status", "ok"));
        assertEquals(200, client.putLogs("queries", jobs).statusCode());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static LogEvent log(int second, String... pairs) {
        LogEvent event = new LogEvent(base + second, 0);
        for (int i = 0; i < pairs.length; i += 2) {
            event.add(pairs[i], pairs[i + 1]);
        }
        return event;
    }

    private static List<String> paths(String query) throws Exception {
        return paths(Map.of("query", query));
    }

    private static List<String> paths(Map<String, String> params) throws Exception {
        List<String> paths = new ArrayList<>();
        for (JsonNode log : client.logs("queries", params)) {
            paths.add(log.path("path").asText(log.path("content").asText()));
        }
        return paths;
    }

    @Test
    void starMatchesEverythingInArrivalOrder() throws Exception {
        assertEquals(List.of("/index.html", "/api/orders", "/missing", "/api/pay", "/api/items", "nightly job finished"), paths("*"));
        assertEquals(6, paths("").size());
    }

    @Test
    void keyValueMatchesExactlyIgnoringCase() throws Exception {
        assertEquals(List.of("/index.html", "/api/orders", "/api/items"), paths("status: 200"));
        assertEquals(List.of("/index.html", "/missing", "/api/items"), paths("method: get"));
        assertEquals(List.of(), paths("status: 20"));
    }

    @Test
    void valueWithStarMatchesByPrefix() throws Exception {
        assertEquals(List.of("/api/orders", "/api/pay", "/api/items"), paths("path: /api*"));
    }

    @Test
    void andOrNotAndParentheses() throws Exception {
        assertEquals(List.of("/api/orders"), paths("status: 200 and method: POST"));
        assertEquals(List.of("/missing", "/api/pay"), paths("status: 404 or status: 500"));
        assertEquals(List.of("/index.html", "/api/items"), paths("status: 200 not method: POST"));
        assertEquals(List.of("/api/pay", "/api/items"), paths("(status: 500 or status: 200) and path: /api* and not path: /api/orders"));
        assertEquals(List.of("/missing"), paths("NOT status: 200 AND NOT status: 500 AND method: GET"));
    }

    @Test
    void bareTermsSearchEveryValue() throws Exception {
        assertEquals(List.of("/api/pay"), paths("timeout"));
        assertEquals(List.of("/index.html"), paths("\"index page\""));
        assertEquals(List.of("/api/pay", "nightly job finished"), paths("bank or nightly"));
    }

    @Test
    void numericComparisons() throws Exception {
        assertEquals(List.of("/api/orders", "/api/pay"), paths("latency > 100"));
        assertEquals(List.of("/missing"), paths("latency <= 3"));
    }

    @Test
    void topicAndSourceAreSearchable() throws Exception {
        assertEquals(List.of("nightly job finished"), paths("__topic__: jobs"));
        assertEquals(List.of("nightly job finished"), paths(Map.of("topic", "jobs")));
        assertEquals(5, paths("__source__: 10.0.0.1").size());
    }

    @Test
    void timeRangeIsFromInclusiveToExclusive() throws Exception {
        assertEquals(List.of("/missing", "/api/pay"), paths(Map.of("from", Long.toString(base + 2), "to", Long.toString(base + 4))));
    }

    @Test
    void lineOffsetAndReverse() throws Exception {
        assertEquals(List.of("/api/orders", "/missing"), paths(Map.of("line", "2", "offset", "1")));
        assertEquals(List.of("nightly job finished", "/api/items"), paths(Map.of("line", "2", "reverse", "true")));
        HttpResponse<String> page = client.getLogs("queries", Map.of("line", "2"));
        assertEquals("2", page.headers().firstValue("x-log-count").orElseThrow());
        assertEquals("6", page.headers().firstValue("x-log-processed-rows").orElseThrow());
        assertEquals("Complete", page.headers().firstValue("x-log-progress").orElseThrow());
        assertEquals("ParameterInvalid", SignedClient.errorCode(client.getLogs("queries", Map.of("line", "101"))));
    }

    @Test
    void analysisGroupsMatchedLogs() throws Exception {
        HttpResponse<String> response = client.getLogs("queries",
                Map.of("query", "__topic__: web | SELECT status, count(*) AS c GROUP BY status ORDER BY status"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("true", response.headers().firstValue("x-log-has-sql").orElseThrow());
        JsonNode rows = SignedClient.JSON.readTree(response.body());
        Map<String, String> counts = new HashMap<>();
        rows.forEach(row -> counts.put(row.get("status").asText(), row.get("c").asText()));
        assertEquals(Map.of("200", "3", "404", "1", "500", "1"), counts);
    }

    @Test
    void analysisSeesTimeAndFiltersWithWhere() throws Exception {
        JsonNode rows = client.logs("queries", Map.of("query",
                "method: POST | SELECT max(__time__) AS newest, sum(cast(latency AS BIGINT)) AS total WHERE status = '500'"));
        assertEquals(1, rows.size());
        assertEquals(Long.toString(base + 3), rows.get(0).get("newest").asText());
        assertEquals("900", rows.get(0).get("total").asText());
    }

    @Test
    void aColumnNoLogHasIsNullSoQueriesAnswerNullsOrNoRows() throws Exception {
        JsonNode nulls = client.logs("queries", Map.of("query", "* | SELECT nosuchcolumn, log.other_one FROM log"));
        assertEquals(6, nulls.size());
        nulls.forEach(row -> assertEquals("null", row.get("nosuchcolumn").asText()));
        assertEquals(0, client.logs("queries", Map.of("query", "* | SELECT path WHERE nosuchcolumn = 'x'")).size());
        JsonNode some = client.logs("queries", Map.of("query", "status: 500 | SELECT content, latency, user_agent"));
        assertEquals(1, some.size());
        assertEquals("Timeout talking to bank", some.get(0).get("content").asText());
        assertEquals("null", some.get(0).get("user_agent").asText(), "a key of no matching log is null");
        JsonNode missingFromSome = client.logs("queries", Map.of("query", "__topic__: web | SELECT content ORDER BY __time__"));
        assertEquals("served Index page", missingFromSome.get(0).get("content").asText());
        assertEquals("null", missingFromSome.get(1).get("content").asText(), "a key missing from some logs is null there");

        assertEquals(0, client.logs("never-written", Map.of("query", "* | SELECT status, count(*) AS c GROUP BY status")).size(),
                "a logstore no log was written to answers no rows");
        JsonNode total = client.logs("never-written", Map.of("query", "level: ERROR | SELECT count(*) AS c"));
        assertEquals("0", total.get(0).get("c").asText());
        assertEquals(0, client.logs("queries", Map.of("query", "nosuchcolumn: x")).size());
    }

    @Test
    void histogramCountsPerBucket() throws Exception {
        HttpResponse<String> response = client.getLogs("queries", Map.of("type", "histogram",
                "from", Long.toString(base), "to", Long.toString(base + 6), "query", "status: 200"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("3", response.headers().firstValue("x-log-count").orElseThrow());
        JsonNode buckets = SignedClient.JSON.readTree(response.body());
        assertEquals(6, buckets.size());
        assertEquals(1, buckets.get(0).get("count").asLong());
        assertEquals(0, buckets.get(2).get("count").asLong());
    }

    @Test
    void badQueriesAreParameterInvalid() throws Exception {
        for (String bad : new String[] {"(status: 200", "status:", "latency > fast", "\"open", "* | DROP TABLE logs",
                "* | SELECT 1; SELECT 2", "* | SELECT * FROM read_csv('/etc/passwd')"}) {
            HttpResponse<String> response = client.getLogs("queries", Map.of("query", bad));
            assertEquals(400, response.statusCode(), bad + " -> " + response.body());
            assertEquals("ParameterInvalid", SignedClient.errorCode(response), bad);
        }
        assertEquals(6, paths("*").size(), "bad queries changed nothing");
    }

    @Test
    void hostileTextStaysData() throws Exception {
        assertTrue(paths("status: \"200' OR 1=1 --\"").isEmpty());
        assertTrue(paths("\"'); DROP TABLE logs; --\"").isEmpty());
        assertEquals(6, paths("*").size());
    }
}
