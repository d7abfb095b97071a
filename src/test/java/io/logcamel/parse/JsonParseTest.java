package io.logcamel.parse;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonParseTest {

    private final StepHarness camel = new StepHarness();

    @AfterEach
    void close() {
        camel.close();
    }

    private LogEvent parseOne(String uri, String line) {
        return camel.send(uri, StepHarness.lines(line)).events().get(0);
    }

    @Test
    void nestedObjectsAreFlattenedAndArraysKeptAsJsonText() {
        String line = "{\"ts\":\"2026-11-24T08:15:02.123456Z\",\"level\":\"INFO\",\"http\":{\"method\":\"POST\","
                + "\"status\":201,\"latency\":{\"ms\":12.50}},\"tags\":[\"web\", {\"k\":1}, [2,3]],\"ok\":true,\"err\":null}";
        LogEvent event = parseOne("parse:json", line);
        assertEquals("2026-11-24T08:15:02.123456Z", event.get("ts"));
        assertEquals("POST", event.get("http.method"));
        assertEquals("201", event.get("http.status"));
        assertEquals("12.50", event.get("http.latency.ms"), "numbers keep their JSON text");
        assertEquals("[\"web\", {\"k\":1}, [2,3]]", event.get("tags"));
        assertEquals("true", event.get("ok"));
        assertEquals("null", event.get("err"));
        assertNull(event.get("content"));
        assertEquals(8, event.size());
    }

    @Test
    void unicodeAndEscapes() {
        LogEvent event = parseOne("parse:json",
                "{\"msg\":\"r\\u00e9ponse \\\"ok\\\" \\u2713\\n\",\"user\":\"\u738b\u5c0f\u660e\",\"emoji\":\"\\ud83d\\ude00\"}");
        assertEquals("r\u00e9ponse \"ok\" \u2713\n", event.get("msg"));
        assertEquals("\u738b\u5c0f\u660e", event.get("user"));
        assertEquals("\ud83d\ude00", event.get("emoji"));
    }

    @Test
    void separatorAndDepthAreOptions() {
        String line = "{\"a\":{\"b\":{\"c\":{\"d\":1}}},\"e\":{}}";
        LogEvent deep = parseOne("parse:json?flattenSeparator=_&maxDepth=3", line);
        assertEquals("{\"d\":1}", deep.get("a_b_c"), "objects below maxDepth stay JSON text");
        assertEquals("{}", deep.get("e"), "an empty object is kept, not lost");
        LogEvent flat = parseOne("parse:json?maxDepth=1", line);
        assertEquals("{\"b\":{\"c\":{\"d\":1}}}", flat.get("a"));
        LogEvent full = parseOne("parse:json", line);
        assertEquals("1", full.get("a.b.c.d"));
    }

    @Test
    void invalidJsonFollowsTheNoMatchPolicy() {
        String[] bad = {"{\"a\":1", "{\"a\":1} trailing", "[1,2,3]", "\"just a string\"", "not json at all", "", "{\"a\":tru}"};
        LogBatch kept = camel.send("parse:json", StepHarness.lines(bad));
        assertEquals(bad.length, kept.size());
        for (int i = 0; i < bad.length; i++) {
            LogEvent event = kept.events().get(i);
            assertEquals(bad[i], event.get("content"));
            assertTrue(event.get("__parse_error__") != null, event.toString());
            assertEquals(2, event.size(), "a half-parsed document leaves no fields behind: " + event);
        }
        assertEquals("text after the JSON object", kept.events().get(1).get("__parse_error__"));
        assertEquals("not a JSON object", kept.events().get(2).get("__parse_error__"));

        LogBatch dropped = camel.send("parse:json?noMatch=drop", StepHarness.lines(bad));
        assertEquals(0, dropped.size());
        assertEquals(bad.length, camel.endpoint("parse:json?noMatch=drop", ParseEndpoint.class).getCounters().getUnmatchedDropped());
    }
}
