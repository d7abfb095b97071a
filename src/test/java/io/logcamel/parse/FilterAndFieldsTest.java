package io.logcamel.parse;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.parse.fields.FieldsEndpoint;
import io.logcamel.parse.filter.FilterEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.logcamel.parse.RegexParseTest.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterAndFieldsTest {

    private final StepHarness camel = new StepHarness();

    @AfterEach
    void close() {
        camel.close();
    }

    private static LogBatch events(String... keyValues) {
        LogBatch batch = new LogBatch();
        for (String pairs : keyValues) {
            LogEvent event = new LogEvent(StepHarness.READ_SECONDS, 0);
            for (String pair : pairs.split(";")) {
                int eq = pair.indexOf('=');
                event.add(pair.substring(0, eq), pair.substring(eq + 1));
            }
            batch.add(event);
        }
        return batch;
    }

    @Test
    void includeKeepsOnlyWholeValueMatches() {
        String uri = uri("filter:level", "include", "ERROR|WARN");
        LogBatch batch = camel.send(uri, events("level=ERROR;msg=a", "level=INFO;msg=b", "level=WARNING;msg=c", "msg=no level", "level=WARN;msg=d"));
        assertEquals(2, batch.size());
        assertEquals("a", batch.events().get(0).get("msg"));
        assertEquals("d", batch.events().get(1).get("msg"));
        assertEquals(3, camel.endpoint(uri, FilterEndpoint.class).getCounters().getDropped());
        assertEquals(2, camel.endpoint(uri, FilterEndpoint.class).getCounters().getPassed());
    }

    @Test
    void excludeDropsMatchesAndKeepsEventsWithoutTheField() {
        String uri = uri("filter:request_uri", "exclude", "/health.*|/metrics");
        LogBatch batch = camel.send(uri, events("request_uri=/healthz", "request_uri=/api/orders", "request_uri=/metrics", "content=raw"));
        assertEquals(2, batch.size());
        assertEquals("/api/orders", batch.events().get(0).get("request_uri"));
        assertEquals("raw", batch.events().get(1).get("content"));
    }

    @Test
    void includeAndExcludeTogetherAndMissingFieldsOnRequest() {
        String uri = uri("filter:status", "include", "5\\d\\d", "exclude", "503", "keepMissing", "true");
        LogBatch batch = camel.send(uri, events("status=500", "status=503", "status=200", "other=x"));
        assertEquals(2, batch.size());
        assertEquals("500", batch.events().get(0).get("status"));
        assertEquals("x", batch.events().get(1).get("other"));
    }

    @Test
    void aCatastrophicFilterRegexCountsAsNoMatch() {
        String uri = uri("filter:content", "include", "(a|aa)+b", "regexBudget", "50");
        LogBatch batch = camel.send(uri, events("content=" + "a".repeat(4000), "content=aab"));
        assertEquals(1, batch.size());
        assertEquals(1, camel.endpoint(uri, FilterEndpoint.class).getCounters().getCutOff());
    }

    @Test
    void maskPasswordsTokensAndCardNumbers() {
        String line = "POST /login user=bob&password=hunter2&remember=1 Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.sig "
                + "card=4111 1111 1111 1111 ok";
        LogBatch batch = events("content=" + line, "content=nothing secret here");
        camel.send(uri("fields:mask", "pattern", "(?<=password=)[^&\\s]+"), batch);
        camel.send(uri("fields:mask", "pattern", "(Bearer )[A-Za-z0-9._~+/-]+=*", "replacement", "$1***"), batch);
        String cardUri = uri("fields:mask", "pattern", "\\b(?:\\d[ -]?){12}(\\d{4})\\b", "replacement", "****-****-****-$1");
        camel.send(cardUri, batch);
        assertEquals("POST /login user=bob&password=***&remember=1 Authorization: Bearer *** card=****-****-****-1111 ok",
                batch.events().get(0).get("content"));
        assertEquals("nothing secret here", batch.events().get(1).get("content"));
        assertEquals(1, camel.endpoint(cardUri, FieldsEndpoint.class).getCounters().getMasked());
    }

    @Test
    void maskKeepsAGroupNamedWithAnUnderscore() {
        LogBatch batch = events("content=card=4111 1111 1111 1234 paid");
        camel.send(uri("fields:mask", "pattern", "\\b(?:\\d[ -]?){12}(?<card_tail>\\d{4})\\b",
                "replacement", "****-${card_tail}"), batch);
        assertEquals("card=****-1234 paid", batch.events().get(0).get("content"));
    }

    @Test
    void maskAnotherFieldAndCutOffMasksTheWholeValue() {
        String uri = uri("fields:mask", "key", "query", "pattern", "(x+x+)+y", "regexBudget", "20");
        LogBatch batch = events("query=" + "x".repeat(3000), "query=token=abc");
        camel.send(uri, batch);
        assertEquals("***", batch.events().get(0).get("query"), "a value that could not be checked is treated as secret");
        assertEquals("token=abc", batch.events().get(1).get("query"));
        assertEquals(1, camel.endpoint(uri, FieldsEndpoint.class).getCounters().getCutOff());
    }

    @Test
    void dropKeepRenameAddAndTag() {
        LogBatch batch = events("remote_addr=1.2.3.4;remote_user=-;status=200;http_user_agent=curl");
        camel.send("fields:drop?keys=remote_user", batch);
        camel.send("fields:rename?mapping=remote_addr:client_ip,http_user_agent:ua", batch);
        camel.send("fields:add?key=env&value=prod", batch);
        camel.send("fields:add?key=status&value=overwritten", batch);
        camel.send("fields:tag?key=team&value=web", batch);
        LogEvent event = batch.events().get(0);
        assertNull(event.get("remote_user"));
        assertNull(event.get("remote_addr"));
        assertEquals("1.2.3.4", event.get("client_ip"));
        assertEquals("curl", event.get("ua"));
        assertEquals("prod", event.get("env"));
        assertEquals("200", event.get("status"), "add does not overwrite unless asked");
        assertEquals("web", event.tag("team"));
        camel.send("fields:add?key=status&value=overwritten&overwrite=true", batch);
        assertEquals("overwritten", event.get("status"));
        camel.send("fields:keep?keys=client_ip,status", batch);
        assertEquals(2, event.size());
        assertEquals("1.2.3.4", event.get("client_ip"));
        assertEquals("overwritten", event.get("status"));
    }
}
