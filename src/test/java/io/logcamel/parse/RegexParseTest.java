package io.logcamel.parse;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegexParseTest {

    private final StepHarness camel = new StepHarness();

    static final String NGINX = "203.0.113.7 - alice [24/Nov/2026:08:15:02 +0800] \"GET /api/v1/orders?id=42 HTTP/1.1\" 200 5123 "
            + "\"https://shop.example.com/cart\" \"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\"";

    static final String NGINX_REGEX = "(\\S+) \\S+ (\\S+) \\[([^\\]]+)\\] \"(\\S+) (\\S+) (\\S+)\" (\\d{3}) (\\d+|-) \"([^\"]*)\" \"([^\"]*)\"";

    @AfterEach
    void close() {
        camel.close();
    }

    /** An endpoint URI with every value passed RAW(...), as regexes must be (Camel would decode '+'). */
    static String uri(String base, String... params) {
        StringBuilder uri = new StringBuilder(base);
        for (int i = 0; i < params.length; i += 2) {
            uri.append(i == 0 ? '?' : '&').append(params[i]).append("=RAW(").append(params[i + 1]).append(')');
        }
        return uri.toString();
    }

    @Test
    void nginxCombinedWithAKeyList() {
        String uri = uri("parse:regex", "pattern", NGINX_REGEX,
                "keys", "remote_addr,remote_user,time_local,method,uri,protocol,status,body_bytes_sent,http_referer,http_user_agent");
        LogEvent event = camel.send(uri, StepHarness.lines(NGINX)).events().get(0);
        assertEquals(10, event.size(), event.toString());
        assertEquals("203.0.113.7", event.get("remote_addr"));
        assertEquals("alice", event.get("remote_user"));
        assertEquals("24/Nov/2026:08:15:02 +0800", event.get("time_local"));
        assertEquals("/api/v1/orders?id=42", event.get("uri"));
        assertEquals("200", event.get("status"));
        assertTrue(event.get("http_user_agent").startsWith("Mozilla/5.0 (X11"));
        assertNull(event.get("content"), "the source field is removed by default");
        assertEquals(1, camel.endpoint(uri, ParseEndpoint.class).getCounters().getMatched());
    }

    @Test
    void javaApplicationLogWithNamedGroups() {
        String line = "2026-11-24 08:15:02.123 ERROR [http-nio-8080-exec-7] c.e.shop.OrderService - Order 42 failed: timeout after 3000 ms";
        String uri = uri("parse:regex", "pattern",
                "(?<time>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) (?<level>[A-Z]+)\\s+\\[(?<thread>[^\\]]+)\\] (?<logger>\\S+) - (?<message>.*)",
                "keepSource", "true");
        LogEvent event = camel.send(uri, StepHarness.lines(line)).events().get(0);
        assertEquals(line, event.get("content"), "keepSource keeps the raw line");
        assertEquals("2026-11-24 08:15:02.123", event.get("time"));
        assertEquals("ERROR", event.get("level"));
        assertEquals("http-nio-8080-exec-7", event.get("thread"));
        assertEquals("c.e.shop.OrderService", event.get("logger"));
        assertEquals("Order 42 failed: timeout after 3000 ms", event.get("message"));
    }

    @Test
    void unnamedGroupsAreOnlyForGroupingWhenNamesAreUsed() {
        String uri = uri("parse:regex", "pattern", "(?<level>INFO|WARN)(?: |\\t)+(x|y)?(?<msg>.*)");
        LogEvent event = camel.send(uri, StepHarness.lines("WARN  disk at 91%")).events().get(0);
        assertEquals("WARN", event.get("level"));
        assertEquals("disk at 91%", event.get("msg"));
        assertEquals(2, event.size(), "an optional group that did not take part adds nothing");
    }

    @Test
    void theWholeLineMustMatch() {
        String uri = uri("parse:regex", "pattern", "(?<level>[A-Z]+)");
        LogEvent event = camel.send(uri, StepHarness.lines("ERROR and more")).events().get(0);
        assertEquals("ERROR and more", event.get("content"));
        assertEquals("no match", event.get("__parse_error__"));
    }

    @Test
    void noMatchKeepLeavesTheRawLineAndAddsTheErrorField() {
        String uri = uri("parse:regex", "pattern", NGINX_REGEX, "keys", "a,b,c,d,e,f,g,h,i,j");
        LogBatch batch = camel.send(uri, StepHarness.lines(NGINX, "garbage \u0000\u0001 binary", NGINX));
        assertEquals(3, batch.size());
        LogEvent kept = batch.events().get(1);
        assertEquals(2, kept.size());
        assertEquals("garbage \u0000\u0001 binary", kept.get("content"));
        assertEquals("no match", kept.get("__parse_error__"));
        ParseCounters counters = camel.endpoint(uri, ParseEndpoint.class).getCounters();
        assertEquals(2, counters.getMatched());
        assertEquals(1, counters.getUnmatchedKept());
        assertEquals(0, counters.getUnmatchedDropped());
    }

    @Test
    void noMatchDropRemovesAndCounts() {
        String uri = uri("parse:regex", "pattern", NGINX_REGEX, "keys", "a,b,c,d,e,f,g,h,i,j", "noMatch", "drop");
        LogBatch batch = camel.send(uri, StepHarness.lines("bad 1", NGINX, "bad 2", "bad 3", NGINX));
        assertEquals(2, batch.size());
        assertEquals("203.0.113.7", batch.events().get(0).get("a"));
        assertEquals("203.0.113.7", batch.events().get(1).get("a"));
        ParseCounters counters = camel.endpoint(uri, ParseEndpoint.class).getCounters();
        assertEquals(3, counters.getUnmatchedDropped());
        assertEquals(2, counters.getMatched());
    }

    @Test
    void errorKeyCanBeRenamedOrSwitchedOff() {
        String renamed = uri("parse:regex", "pattern", "(?<a>\\d+)", "errorKey", "__raw_log_error__");
        assertEquals("no match", camel.send(renamed, StepHarness.lines("x")).events().get(0).get("__raw_log_error__"));
        String none = uri("parse:regex", "pattern", "(?<a>\\d+)", "errorKey", "");
        assertEquals(1, camel.send(none, StepHarness.lines("x")).events().get(0).size());
    }

    @Test
    void aCatastrophicRegexIsCutOffNotStalled() {
        String uri = uri("parse:regex", "pattern", "(?<a>(a+)+)b", "regexBudget", "100");
        String evil = "a".repeat(5000) + "c";
        long start = System.nanoTime();
        LogBatch batch = camel.send(uri, StepHarness.lines(evil, "aaab"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 10_000, "took " + millis + " ms");
        assertEquals(LineParser.CUT_OFF, batch.events().get(0).get("__parse_error__"));
        assertEquals("aaa", batch.events().get(1).get("a"));
        ParseCounters counters = camel.endpoint(uri, ParseEndpoint.class).getCounters();
        assertEquals(1, counters.getCutOff());
        assertEquals(1, counters.getUnmatchedKept());
    }

    @Test
    void anotherSourceKeyIsParsed() {
        String uri = uri("parse:regex", "pattern", "(?<user>\\w+)@(?<domain>.+)", "sourceKey", "email");
        LogBatch batch = StepHarness.lines("login ok");
        batch.events().get(0).put("email", "bob@example.org");
        LogEvent event = camel.send(uri, batch).events().get(0);
        assertEquals("login ok", event.get("content"));
        assertEquals("bob", event.get("user"));
        assertEquals("example.org", event.get("domain"));
        assertNull(event.get("email"));
    }

    @Test
    void anEventWithoutTheSourceFieldIsUnmatched() {
        String uri = uri("parse:regex", "pattern", "(?<a>.*)", "sourceKey", "message");
        LogEvent event = camel.send(uri, StepHarness.lines("x")).events().get(0);
        assertEquals("no field 'message'", event.get("__parse_error__"));
    }

    @Test
    void aTextBodyBecomesABatchOfLines() {
        String uri = uri("parse:regex", "pattern", "(?<level>[A-Z]+) (?<msg>.*)");
        LogBatch batch = camel.context.createProducerTemplate().requestBody(uri, "INFO started\r\nWARN slow\n", LogBatch.class);
        assertEquals(2, batch.size());
        assertEquals("slow", batch.events().get(1).get("msg"));
    }

    /** The nginx combined regex as Logtail, Fluent Bit and nginx users write it: group names with '_'. */
    static final String NGINX_NAMED_REGEX = "(?<remote_addr>\\S+) \\S+ (?<remote_user>\\S+) \\[(?<time_local>[^\\]]+)\\] "
            + "\"(?<request_method>\\S+) (?<request_uri>\\S+) (?<server_protocol>\\S+)\" (?<status>\\d{3}) (?<body_bytes_sent>\\d+|-) "
            + "\"(?<http_referer>[^\"]*)\" \"(?<http_user_agent>[^\"]*)\"";

    @Test
    void groupNamesWithUnderscoresBecomeFieldsUnderTheirOwnNames() {
        String uri = uri("parse:regex", "pattern", NGINX_NAMED_REGEX);
        LogEvent event = camel.send(uri, StepHarness.lines(NGINX)).events().get(0);
        assertEquals(List.of("remote_addr", "remote_user", "time_local", "request_method", "request_uri", "server_protocol",
                "status", "body_bytes_sent", "http_referer", "http_user_agent"), keys(event));
        assertEquals("203.0.113.7", event.get("remote_addr"));
        assertEquals("24/Nov/2026:08:15:02 +0800", event.get("time_local"));
        assertEquals("/api/v1/orders?id=42", event.get("request_uri"));
        assertEquals("5123", event.get("body_bytes_sent"));
        assertEquals("https://shop.example.com/cart", event.get("http_referer"));
        assertTrue(event.get("http_user_agent").startsWith("Mozilla/5.0 (X11"));
    }

    @Test
    void pythonAndPcreGroupSyntaxAndNamedBackReferences() {
        // (?P<n>) is Python/RE2/Go, (?'n') is PCRE; \k<n> and (?P=n) refer back to a group by name
        String uri = uri("parse:regex", "pattern",
                "(?P<_quote>['\"])(?'quoted_text'.*?)\\k<_quote> (?<http_2xx>2\\d\\d) (?<same_as>\\w+)=(?P=same_as)");
        LogEvent event = camel.send(uri, StepHarness.lines("'it \"is\" ok' 204 ab=ab", "'mismatch\" 204 ab=ab",
                "'x' 204 ab=ba")).events().get(0);
        assertEquals(List.of("_quote", "quoted_text", "http_2xx", "same_as"), keys(event));
        assertEquals("'", event.get("_quote"));
        assertEquals("it \"is\" ok", event.get("quoted_text"));
        assertEquals("204", event.get("http_2xx"));
        LogBatch batch = camel.send(uri, StepHarness.lines("'mismatch\" 204 ab=ab", "'x' 204 ab=ba"));
        assertEquals("no match", batch.events().get(0).get("__parse_error__"), "the back reference must hold");
        assertEquals("no match", batch.events().get(1).get("__parse_error__"), "(?P=same_as) must hold");
    }

    @Test
    void lookbehindsAndUnnamedGroupsAreNotNamesAndGeneratedNamesDoNotCollide() {
        // g2n is what a renamed second group could be called internally: a user's own g2n must stay distinct
        String uri = uri("parse:regex", "pattern", "(?<g2n>\\w+) (?<a_b>(?<=\\s)\\w+)(?<!x) (\\d+)");
        LogEvent event = camel.send(uri, StepHarness.lines("first second 42")).events().get(0);
        assertEquals(List.of("g2n", "a_b"), keys(event));
        assertEquals("first", event.get("g2n"));
        assertEquals("second", event.get("a_b"));
    }

    private static List<String> keys(LogEvent event) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < event.size(); i++) {
            keys.add(event.key(i));
        }
        return keys;
    }
}
