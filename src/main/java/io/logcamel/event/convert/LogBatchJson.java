package io.logcamel.event.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonToken;
import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The one JSON form of a {@link LogBatch}: NDJSON, one object per event, as every Camel sink
 * (Kafka, files, HTTP) receives it and as a LogCamel source (a Kafka consumer) reads it back.
 *
 * <pre>{"time":"2025-06-01T08:00:00.123456789Z","contents":{"level":"INFO","message":"..."},
 *  "tags":{"__path__":"/var/log/app.log","__hostname__":"web-1"},"topic":"file","source":"10.0.0.5"}</pre>
 *
 * <ul>
 *   <li>{@code time}: the log time, RFC 3339 in UTC with up to nanosecond digits (lossless).
 *       Read back also as epoch seconds (a JSON number, fractions allowed); absent means now.</li>
 *   <li>{@code contents}: the fields in their order (required; an empty object is allowed).</li>
 *   <li>{@code tags}: the batch's tags and the event's own (the event's win), absent when none.</li>
 *   <li>{@code topic}, {@code source}: the batch's, each absent when empty.</li>
 * </ul>
 *
 * <p>Reading is strict about the shape (an object per event with a {@code contents} object and
 * no other keys than the five above) so that arbitrary JSON or text is never mistaken for
 * events, and lenient about values: numbers and booleans in {@code contents} become their text,
 * nested objects and arrays their JSON text, nulls are left out. One batch has one topic and one
 * source, so lines that disagree on them are refused rather than silently merged.
 *
 * <p>{@link #toMaps} gives the same objects as {@code List<Map<String, Object>>} (time as the
 * same RFC 3339 text), for sinks and expressions that want maps.
 */
public final class LogBatchJson {

    public static final String TIME = "time";
    public static final String CONTENTS = "contents";
    public static final String TAGS = "tags";
    public static final String TOPIC = "topic";
    public static final String SOURCE = "source";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private LogBatchJson() {
    }

    // ---- LogBatch -> NDJSON ------------------------------------------------------------------

    public static byte[] toBytes(LogBatch batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + batch.size() * 160);
        try {
            write(batch, JSON.createGenerator(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    public static String toText(LogBatch batch) {
        StringWriter out = new StringWriter(64 + batch.size() * 160);
        try {
            write(batch, JSON.createGenerator(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the batch to {@code out} as UTF-8 NDJSON; does not close it. */
    public static void write(LogBatch batch, OutputStream out) throws IOException {
        write(batch, JSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET));
    }

    /** Writes the batch to {@code out} as NDJSON; does not close it. */
    public static void write(LogBatch batch, Writer out) throws IOException {
        write(batch, JSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET));
    }

    private static void write(LogBatch batch, JsonGenerator json) throws IOException {
        try (json) {
            json.setRootValueSeparator(null);
            for (LogEvent event : batch.events()) {
                json.writeStartObject();
                json.writeStringField(TIME, timeText(event));
                json.writeObjectFieldStart(CONTENTS);
                for (int i = 0; i < event.size(); i++) {
                    json.writeStringField(event.key(i), event.value(i));
                }
                json.writeEndObject();
                Map<String, String> tags = tagsOf(batch, event);
                if (!tags.isEmpty()) {
                    json.writeObjectFieldStart(TAGS);
                    for (Map.Entry<String, String> tag : tags.entrySet()) {
                        json.writeStringField(tag.getKey(), tag.getValue());
                    }
                    json.writeEndObject();
                }
                if (!batch.topic().isEmpty()) {
                    json.writeStringField(TOPIC, batch.topic());
                }
                if (!batch.source().isEmpty()) {
                    json.writeStringField(SOURCE, batch.source());
                }
                json.writeEndObject();
                json.writeRaw('\n');
            }
        }
    }

    // ---- LogBatch -> maps --------------------------------------------------------------------

    /** One map per event with the keys of the JSON form; contents and tags as ordered maps. */
    public static List<Map<String, Object>> toMaps(LogBatch batch) {
        List<Map<String, Object>> maps = new ArrayList<>(batch.size());
        for (LogEvent event : batch.events()) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put(TIME, timeText(event));
            Map<String, String> contents = new LinkedHashMap<>();
            for (int i = 0; i < event.size(); i++) {
                contents.putIfAbsent(event.key(i), event.value(i));
            }
            map.put(CONTENTS, contents);
            Map<String, String> tags = tagsOf(batch, event);
            if (!tags.isEmpty()) {
                map.put(TAGS, tags);
            }
            if (!batch.topic().isEmpty()) {
                map.put(TOPIC, batch.topic());
            }
            if (!batch.source().isEmpty()) {
                map.put(SOURCE, batch.source());
            }
            maps.add(map);
        }
        return maps;
    }

    // ---- NDJSON -> LogBatch ------------------------------------------------------------------

    public static LogBatch fromBytes(byte[] ndjson) {
        return readAll(() -> JSON.createParser(ndjson));
    }

    public static LogBatch fromText(String ndjson) {
        return readAll(() -> JSON.createParser(ndjson));
    }

    /** Reads NDJSON until the end of the stream; does not close it. */
    public static LogBatch read(InputStream in) {
        return readAll(() -> JSON.createParser(in).disable(JsonParser.Feature.AUTO_CLOSE_SOURCE));
    }

    /** Reads NDJSON until the end of the reader; does not close it. */
    public static LogBatch read(Reader in) {
        return readAll(() -> JSON.createParser(in).disable(JsonParser.Feature.AUTO_CLOSE_SOURCE));
    }

    private interface ParserSource {
        JsonParser open() throws IOException;
    }

    /** Parse errors become {@link NotLogEventsException}; other I/O errors of a stream are thrown as they are. */
    private static LogBatch readAll(ParserSource source) {
        try {
            return read(source.open());
        } catch (JacksonException e) {
            throw notEvents(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read NDJSON: " + e.getMessage(), e);
        }
    }

    private static LogBatch read(JsonParser json) throws IOException {
        try (json) {
            LogBatch batch = new LogBatch();
            List<Map<String, String>> tagsPerEvent = new ArrayList<>();
            String topic = null;
            String source = null;
            JsonToken token;
            while ((token = json.nextToken()) != null) {
                int line = json.currentLocation().getLineNr();
                if (token != JsonToken.START_OBJECT) {
                    throw new NotLogEventsException("line " + line + " is not a JSON object");
                }
                ParsedEvent parsed = readEvent(json, line);
                topic = same(TOPIC, topic, parsed.topic, line);
                source = same(SOURCE, source, parsed.source, line);
                batch.add(parsed.event);
                tagsPerEvent.add(parsed.tags);
            }
            batch.topic(topic).source(source);
            applyTags(batch, tagsPerEvent);
            return batch;
        }
    }

    private record ParsedEvent(LogEvent event, Map<String, String> tags, String topic, String source) {
    }

    private static ParsedEvent readEvent(JsonParser json, int line) throws IOException {
        LogEvent event = null;
        Instant time = null;
        Map<String, String> tags = Map.of();
        String topic = "";
        String source = "";
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String key = json.currentName();
            JsonToken value = json.nextToken();
            switch (key) {
                case TIME -> time = readTime(json, value, line);
                case CONTENTS -> {
                    event = new LogEvent(0, 0);
                    readFields(json, value, CONTENTS, line, event::add);
                }
                case TAGS -> {
                    Map<String, String> read = new LinkedHashMap<>();
                    if (value != JsonToken.VALUE_NULL) {
                        readFields(json, value, TAGS, line, read::put);
                    }
                    tags = read;
                }
                case TOPIC -> topic = readString(json, value, TOPIC, line);
                case SOURCE -> source = readString(json, value, SOURCE, line);
                default -> throw new NotLogEventsException("line " + line + " has the key \"" + key
                        + "\"; an event has only time, contents, tags, topic and source");
            }
        }
        if (event == null) {
            throw new NotLogEventsException("line " + line + " has no \"contents\" object");
        }
        Instant at = time == null ? Instant.now() : time;
        event.setTime(at.getEpochSecond(), at.getNano());
        return new ParsedEvent(event, tags, topic, source);
    }

    /** Passes each field of the object {@code key} to {@code field}; null values are left out. */
    private static void readFields(JsonParser json, JsonToken token, String key, int line,
                                   BiConsumer<String, String> field) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw new NotLogEventsException("line " + line + ": \"" + key + "\" is not an object");
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            String value = valueText(json, json.nextToken());
            if (value != null) {
                field.accept(name, value);
            }
        }
    }

    /** Scalars as their text, objects and arrays as their JSON text, null as null. */
    private static String valueText(JsonParser json, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NULL -> null;
            case START_OBJECT, START_ARRAY -> {
                StringWriter text = new StringWriter();
                try (JsonGenerator copy = JSON.createGenerator(text)) {
                    copy.copyCurrentStructure(json);
                }
                yield text.toString();
            }
            default -> json.getText();
        };
    }

    private static String readString(JsonParser json, JsonToken token, String key, int line) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return "";
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new NotLogEventsException("line " + line + ": \"" + key + "\" is not a string");
        }
        return json.getText();
    }

    private static Instant readTime(JsonParser json, JsonToken token, int line) throws IOException {
        try {
            if (token == JsonToken.VALUE_STRING) {
                return OffsetDateTime.parse(json.getText()).toInstant();
            }
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                BigDecimal seconds = json.getDecimalValue();
                BigDecimal whole = new BigDecimal(seconds.toBigInteger());
                int nanos = seconds.subtract(whole).movePointRight(9).intValue();
                return Instant.ofEpochSecond(whole.longValueExact(), nanos);
            }
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
        } catch (DateTimeException | ArithmeticException e) {
            throw new NotLogEventsException("line " + line + ": \"time\" " + json.getText()
                    + " is neither RFC 3339 nor epoch seconds (" + e.getMessage() + ")");
        }
        throw new NotLogEventsException("line " + line + ": \"time\" is neither a string nor a number");
    }

    private static String same(String key, String known, String next, int line) {
        if (known == null || known.equals(next)) {
            return next;
        }
        throw new NotLogEventsException("line " + line + " has " + key + " \"" + next + "\" after \"" + known
                + "\" on the lines before; one batch has one " + key + ": split the input per " + key);
    }

    /** Tags every event shares become the batch's; otherwise each event keeps its own. */
    private static void applyTags(LogBatch batch, List<Map<String, String>> tagsPerEvent) {
        if (tagsPerEvent.isEmpty()) {
            return;
        }
        Map<String, String> first = tagsPerEvent.get(0);
        boolean shared = tagsPerEvent.stream().allMatch(first::equals);
        if (shared) {
            batch.tags().putAll(first);
            return;
        }
        List<LogEvent> events = batch.events();
        for (int i = 0; i < events.size(); i++) {
            LogEvent event = events.get(i);
            tagsPerEvent.get(i).forEach(event::putTag);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static String timeText(LogEvent event) {
        return Instant.ofEpochSecond(event.timeSeconds(), event.timeNanos()).toString();
    }

    private static Map<String, String> tagsOf(LogBatch batch, LogEvent event) {
        if (event.tagCount() == 0) {
            return batch.tags();
        }
        Map<String, String> tags = new LinkedHashMap<>(batch.tags());
        for (int i = 0; i < event.tagCount(); i++) {
            tags.put(event.tagKey(i), event.tagValue(i));
        }
        return tags;
    }

    private static NotLogEventsException notEvents(JacksonException e) {
        String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
        return new NotLogEventsException(where + "not JSON (" + e.getOriginalMessage() + ")", e);
    }

    /** The text is not NDJSON of LogCamel events; the message names the line and what is wrong. */
    public static final class NotLogEventsException extends IllegalArgumentException {
        NotLogEventsException(String message) {
            super(message);
        }

        NotLogEventsException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
