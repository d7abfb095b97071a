package io.logcamel.event.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.TypeConversionException;
import org.apache.camel.TypeConverter;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NDJSON form of a batch through Camel's own type converter registry (the generated loader
 * found as plain Camel finds it): what sinks receive, and what a source reads back.
 */
class LogBatchConvertersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static CamelContext context;
    private static TypeConverter converter;

    @BeforeAll
    static void start() {
        context = new DefaultCamelContext();
        context.start();
        converter = context.getTypeConverter();
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    private static LogBatch sample() {
        LogEvent first = new LogEvent(1_717_228_800L, 123_456_789)
                .add("level", "INFO").add("message", "héllo \"quoted\"\nsecond line\t\u0001 中文");
        LogEvent second = LogEvent.ofContent(1_717_228_801L, 0, "raw line").putTag("own", "tag");
        return LogBatch.of(first, second).topic("file").source("10.0.0.5")
                .tag("__path__", "/var/log/app.log").tag("__hostname__", "web-1");
    }

    @Test
    void aBatchBecomesOneJsonObjectPerEventWithTimeContentsTagsTopicAndSource() throws Exception {
        String ndjson = converter.mandatoryConvertTo(String.class, sample());
        String[] lines = ndjson.split("\n", -1);
        assertEquals(3, lines.length, ndjson);
        assertEquals("", lines[2], "every line ends with a newline");

        JsonNode first = JSON.readTree(lines[0]);
        assertEquals("2024-06-01T08:00:00.123456789Z", first.get("time").asText());
        assertEquals(List.of("level", "message"), fieldNames(first.get("contents")));
        assertEquals("héllo \"quoted\"\nsecond line\t\u0001 中文", first.get("contents").get("message").asText());
        assertEquals("/var/log/app.log", first.get("tags").get("__path__").asText());
        assertEquals("file", first.get("topic").asText());
        assertEquals("10.0.0.5", first.get("source").asText());
        assertEquals(List.of("time", "contents", "tags", "topic", "source"), fieldNames(first));

        JsonNode second = JSON.readTree(lines[1]);
        assertEquals("2024-06-01T08:00:01Z", second.get("time").asText());
        assertEquals("raw line", second.get("contents").get("content").asText());
        assertEquals("tag", second.get("tags").get("own").asText(), "the event's own tags are merged in");
        assertEquals("web-1", second.get("tags").get("__hostname__").asText());

        byte[] bytes = converter.mandatoryConvertTo(byte[].class, sample());
        assertEquals(ndjson, new String(bytes, StandardCharsets.UTF_8));
        try (InputStream stream = converter.mandatoryConvertTo(InputStream.class, sample())) {
            assertEquals(ndjson, new String(stream.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theSameObjectsAsMaps() throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> maps = converter.mandatoryConvertTo(List.class, sample());
        assertEquals(2, maps.size());
        assertEquals("2024-06-01T08:00:00.123456789Z", maps.get(0).get("time"));
        assertEquals(Map.of("level", "INFO", "message", "héllo \"quoted\"\nsecond line\t\u0001 中文"),
                maps.get(0).get("contents"));
        assertEquals(Map.of("__path__", "/var/log/app.log", "__hostname__", "web-1", "own", "tag"), maps.get(1).get("tags"));
        assertEquals("file", maps.get(1).get("topic"));
        // the map form is the JSON form
        String ndjson = converter.mandatoryConvertTo(String.class, sample());
        assertEquals(JSON.readTree(ndjson.split("\n")[0]), JSON.valueToTree(maps.get(0)));
    }

    @Test
    void ndjsonReadsBackToTheSameBatch() throws Exception {
        LogBatch original = sample();
        for (Object form : List.of(converter.mandatoryConvertTo(String.class, original),
                converter.mandatoryConvertTo(byte[].class, original),
                new ByteArrayInputStream(converter.mandatoryConvertTo(byte[].class, original)))) {
            LogBatch back = converter.mandatoryConvertTo(LogBatch.class, form);
            assertEquals("file", back.topic());
            assertEquals("10.0.0.5", back.source());
            assertEquals(2, back.size());
            for (int i = 0; i < 2; i++) {
                LogEvent expected = original.events().get(i);
                LogEvent actual = back.events().get(i);
                assertEquals(expected.timeSeconds(), actual.timeSeconds());
                assertEquals(expected.timeNanos(), actual.timeNanos());
                assertEquals(expected.toString(), actual.toString());
            }
            // tags differ between the events (one has its own), so each event carries all of its tags
            assertEquals("tag", back.events().get(1).tag("own"));
            assertEquals("/var/log/app.log", back.events().get(0).tag("__path__"));
            assertNull(back.events().get(0).tag("own"));
            // and written again it is the same text
            assertEquals(converter.mandatoryConvertTo(String.class, original), converter.mandatoryConvertTo(String.class, back));
        }
    }

    @Test
    void tagsSharedByEveryLineBecomeTheBatchsTags() throws Exception {
        LogBatch batch = LogBatch.of(LogEvent.ofContent(1, 0, "a"), LogEvent.ofContent(2, 0, "b")).tag("__path__", "/x.log");
        LogBatch back = converter.mandatoryConvertTo(LogBatch.class, converter.mandatoryConvertTo(String.class, batch));
        assertEquals(Map.of("__path__", "/x.log"), back.tags());
        assertEquals(0, back.events().get(0).tagCount());
        assertEquals("", back.topic());
    }

    @Test
    void lenientValuesAndEpochTimes() throws Exception {
        LogBatch batch = converter.mandatoryConvertTo(LogBatch.class, """
                {"time": 1717228800.5, "contents": {"status": 200, "ok": true, "user": {"id": 7}, "gone": null}}

                {"time": "2024-06-01T10:00:00+02:00", "contents": {}}
                {"contents": {"content": "no time: now"}}
                """);
        assertEquals(3, batch.size());
        LogEvent first = batch.events().get(0);
        assertEquals(1_717_228_800L, first.timeSeconds());
        assertEquals(500_000_000, first.timeNanos());
        assertEquals("200", first.get("status"));
        assertEquals("true", first.get("ok"));
        assertEquals("{\"id\":7}", first.get("user"));
        assertNull(first.get("gone"));
        assertEquals(1_717_228_800L, batch.events().get(1).timeSeconds());
        assertTrue(Math.abs(batch.events().get(2).timeSeconds() - System.currentTimeMillis() / 1000) < 60);
    }

    @Test
    void anEmptyBodyIsAnEmptyBatch() throws Exception {
        assertEquals(0, converter.mandatoryConvertTo(LogBatch.class, "").size());
        assertEquals("", converter.mandatoryConvertTo(String.class, new LogBatch()));
    }

    @Test
    void textThatIsNotLogCamelEventsIsNeverMistakenForEvents() {
        // tryConvertTo is what logstore: uses before it ships a plain text body as one raw line
        for (String text : List.of("plain text line", "{\"message\": \"a JSON log without contents\"}",
                "[{\"contents\": {}}]", "{\"contents\": {\"a\": \"1\"}, \"extra\": 1}", "{\"contents\": \"text\"}",
                "{\"contents\": {}}\nnot json", "{\"contents\": {}, \"time\": \"yesterday\"}", "{\"contents\": {")) {
            assertNull(converter.tryConvertTo(LogBatch.class, text), text);
        }
    }

    @Test
    void aBadLineIsNamedInTheError() {
        TypeConversionException error = assertThrows(TypeConversionException.class,
                () -> converter.mandatoryConvertTo(LogBatch.class, "{\"contents\": {}}\n{\"contents\": {}, \"extra\": 1}\n"));
        assertTrue(error.getCause().getMessage().contains("line 2 has the key \"extra\""), error.getCause().getMessage());

        error = assertThrows(TypeConversionException.class,
                () -> converter.mandatoryConvertTo(LogBatch.class, "{\"contents\": {}}\n{\"contents\": {}}\n{\"contents\": {"));
        assertTrue(error.getCause().getMessage().startsWith("line 3: not JSON"), error.getCause().getMessage());

        error = assertThrows(TypeConversionException.class, () -> converter.mandatoryConvertTo(LogBatch.class,
                "{\"contents\": {}, \"topic\": \"a\"}\n{\"contents\": {}, \"topic\": \"b\"}\n"));
        assertTrue(error.getCause().getMessage().contains("line 2 has topic \"b\" after \"a\""), error.getCause().getMessage());

        error = assertThrows(TypeConversionException.class,
                () -> converter.mandatoryConvertTo(LogBatch.class, "{\"contents\": {}, \"time\": \"noon\"}"));
        assertTrue(error.getCause().getMessage().contains("line 1: \"time\" noon is neither RFC 3339 nor epoch seconds"),
                error.getCause().getMessage());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
