package io.logcamel.parse;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.logcamel.parse.RegexParseTest.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AccessLogParseTest {

    private final StepHarness camel = new StepHarness();

    static final String COMBINED = "198.51.100.23 - - [24/Nov/2026:08:15:02 +0000] \"GET /static/js/app.4f3a.js HTTP/2.0\" 304 0 "
            + "\"https://www.example.com/\" \"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15\"";

    @AfterEach
    void close() {
        camel.close();
    }

    private LogEvent parseOne(String uri, String line) {
        return camel.send(uri, StepHarness.lines(line)).events().get(0);
    }

    @Test
    void nginxCombinedIsTheDefault() {
        LogEvent event = parseOne("parse:nginx", COMBINED);
        assertEquals(8, event.size(), event.toString());
        assertEquals("198.51.100.23", event.get("remote_addr"));
        assertEquals("-", event.get("remote_user"));
        assertEquals("24/Nov/2026:08:15:02 +0000", event.get("time_local"));
        assertEquals("GET /static/js/app.4f3a.js HTTP/2.0", event.get("request"));
        assertEquals("304", event.get("status"));
        assertEquals("0", event.get("body_bytes_sent"));
        assertEquals("https://www.example.com/", event.get("http_referer"));
        assertEquals("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15", event.get("http_user_agent"));
    }

    @Test
    void customLogFormatAsPastedFromNginxConf() {
        String logFormat = "'$remote_addr [$time_local] \"$request\" $status ' "
                + "'rt=$request_time uct=\"$upstream_connect_time\" ${host}:$server_port'";
        String line = "10.0.0.5 [24/Nov/2026:08:15:02 +0800] \"POST /api/login HTTP/1.1\" 401 rt=0.003 uct=\"-\" api.example.com:443";
        LogEvent event = parseOne(uri("parse:nginx", "logFormat", logFormat), line);
        assertEquals("POST /api/login HTTP/1.1", event.get("request"));
        assertEquals("401", event.get("status"));
        assertEquals("0.003", event.get("request_time"));
        assertEquals("-", event.get("upstream_connect_time"));
        assertEquals("api.example.com", event.get("host"));
        assertEquals("443", event.get("server_port"));
    }

    @Test
    void nginxMainPresetAndTheRegexEngineAgree() {
        String line = COMBINED + " \"203.0.113.9, 10.0.0.1\"";
        LogEvent scanned = parseOne("parse:nginx?logFormat=main", line);
        LogEvent matched = parseOne("parse:nginx?logFormat=main&engine=regex", line);
        assertEquals("203.0.113.9, 10.0.0.1", scanned.get("http_x_forwarded_for"));
        assertEquals(scanned.toString(), matched.toString());
    }

    @Test
    void aLineOfAnotherShapeSaysWhereItStoppedMatching() {
        LogBatch batch = camel.send("parse:nginx", StepHarness.lines("198.51.100.23 - - 24/Nov/2026 GET /", COMBINED + " extra"));
        assertEquals("no match at field 'remote_user'", batch.events().get(0).get("__parse_error__"));
        assertEquals("no match at field 'http_user_agent'", batch.events().get(1).get("__parse_error__"));
    }

    @Test
    void apacheCommonAndCombinedPresets() {
        String common = "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326";
        LogEvent event = parseOne("parse:apache?logFormat=common", common);
        assertEquals(7, event.size());
        assertEquals("127.0.0.1", event.get("remote_addr"));
        assertEquals("-", event.get("remote_ident"));
        assertEquals("frank", event.get("remote_user"));
        assertEquals("10/Oct/2000:13:55:36 -0700", event.get("time_local"));
        assertEquals("GET /apache_pb.gif HTTP/1.0", event.get("request"));
        assertEquals("200", event.get("status"));
        assertEquals("2326", event.get("body_bytes_sent"));

        String combined = common + " \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"";
        LogEvent full = parseOne("parse:apache", combined);
        assertEquals("http://www.example.com/start.html", full.get("http_referer"));
        assertEquals("Mozilla/4.08 [en] (Win98; I ;Nav)", full.get("http_user_agent"));
    }

    @Test
    void apacheEscapedQuoteInTheRequestDoesNotEndTheField() {
        String line = "127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /q?x=\\\" HTTP/1.0\" 400 0 \"-\" \"curl/8.4.0\"";
        LogEvent event = parseOne("parse:apache?logFormat=combined", line);
        assertEquals("GET /q?x=\\\" HTTP/1.0", event.get("request"));
        assertEquals("400", event.get("status"));
    }

    @Test
    void apacheCustomLogFormatFromHttpdConf() {
        String format = "%v:%p %a %{X-Request-Id}i %t \\\"%r\\\" %>s %O %D";
        String line = "shop.example.com:443 192.0.2.1 7f3a9c [24/Nov/2026:08:15:02 +0000] \"GET / HTTP/1.1\" 200 5120 1834";
        LogEvent event = parseOne(uri("parse:apache", "logFormat", format), line);
        assertEquals("shop.example.com", event.get("server_name"));
        assertEquals("443", event.get("server_port"));
        assertEquals("192.0.2.1", event.get("client_addr"));
        assertEquals("7f3a9c", event.get("http_x_request_id"));
        assertEquals("5120", event.get("bytes_sent"));
        assertEquals("1834", event.get("request_time_us"));
    }

    @Test
    void theRequestLineCanBeSplitInPlace() {
        LogEvent event = parseOne("parse:nginx?splitRequest=true", COMBINED);
        assertEquals(10, event.size(), event.toString());
        assertEquals("GET", event.get("request_method"));
        assertEquals("/static/js/app.4f3a.js", event.get("request_uri"));
        assertEquals("HTTP/2.0", event.get("server_protocol"));
        assertEquals("request_method", event.key(3), "in the place of request");
        assertEquals("status", event.key(6));
        String garbage = COMBINED.replace("GET /static/js/app.4f3a.js HTTP/2.0", "\\x16\\x03\\x01");
        assertEquals("\\x16\\x03\\x01", parseOne("parse:nginx?splitRequest=true&engine=regex", garbage).get("request"),
                "a request that is not three parts stays whole");
    }
}
