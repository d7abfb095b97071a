package io.logcamel.localstore;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * GetLogs in its two forms: {@code GET /logstores/{logstore}?type=log&...} answers a JSON array of
 * logs with the query's status in {@code x-log-*} headers (and {@code type=histogram} answers
 * counts per time bucket); {@code POST /logstores/{logstore}/logs} with the parameters in a JSON
 * body, as the official Java SDK sends it, answers {@code {"meta": {...}, "data": [...]}}.
 */
final class GetLogsHandler {

    static final int MAX_LINES = 100;
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final LogTable table;
    private final Journal journal;
    private final LogIndexer indexer;
    private final long queryWaitMillis;

    GetLogsHandler(LogTable table, Journal journal, LogIndexer indexer, long queryWaitMillis) {
        this.table = table;
        this.journal = journal;
        this.indexer = indexer;
        this.queryWaitMillis = queryWaitMillis;
    }

    Reply get(IncomingRequest request, String logstore) throws InterruptedException {
        Map<String, String> params = request.query();
        String type = params.getOrDefault("type", "log");
        if (type.equals("histogram")) {
            return histogram(request.project(), logstore, params);
        }
        if (!type.equals("log")) {
            throw LogstoreError.parameterInvalid("type must be log or histogram, got '" + type + "'");
        }
        return query(request.project(), logstore, params, false);
    }

    Reply post(IncomingRequest request, String logstore) throws InterruptedException {
        Map<String, String> params = new HashMap<>();
        try {
            JsonNode body = MAPPER.readTree(request.body());
            if (body == null || !body.isObject()) {
                throw LogstoreError.parameterInvalid("the GetLogs body must be a JSON object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isNull()) {
                    params.put(field.getKey(), field.getValue().asText());
                }
            }
        } catch (IOException e) {
            throw LogstoreError.parameterInvalid("the GetLogs body is not JSON: " + e.getMessage());
        }
        return query(request.project(), logstore, params, true);
    }

    /** Waits for what was accepted before the query to be indexed; the progress to report. */
    private String awaitAccepted() throws InterruptedException {
        return indexer.awaitIndexed(journal.durableEnd(), queryWaitMillis) ? "Complete" : "Incomplete";
    }

    private Reply query(String project, String logstore, Map<String, String> params, boolean withMeta)
            throws InterruptedException {
        long started = System.nanoTime();
        QueryText text = QueryText.parse(params.get("query"));
        String progress = awaitAccepted();
        LogSelection selection = selection(table.schema(project, logstore), params, text);
        try {
            if (text.hasAnalysis()) {
                long processed = table.count(selection);
                List<Map<String, String>> rows = table.analyze(selection, text.completedAnalysis(MAX_LINES));
                byte[] body = write(json -> {
                    if (withMeta) {
                        json.writeStartObject();
                        writeMeta(json, progress, rows.size(), processed, started, text,
                                rows.isEmpty() ? List.of() : List.copyOf(rows.get(0).keySet()));
                        json.writeFieldName("data");
                    }
                    json.writeStartArray();
                    for (Map<String, String> row : rows) {
                        json.writeStartObject();
                        for (Map.Entry<String, String> column : row.entrySet()) {
                            json.writeStringField(column.getKey(), column.getValue());
                        }
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    if (withMeta) {
                        json.writeEndObject();
                    }
                });
                return statusHeaders(Reply.json(200, body), progress, rows.size(), processed, text);
            }
            long offset = longParam(params, "offset", 0);
            int line = (int) longParam(params, "line", MAX_LINES);
            if (line < 0 || line > MAX_LINES) {
                throw LogstoreError.parameterInvalid("line must be between 0 and " + MAX_LINES + ", got " + line);
            }
            if (offset < 0) {
                throw LogstoreError.parameterInvalid("offset must not be negative, got " + offset);
            }
            boolean reverse = Boolean.parseBoolean(params.getOrDefault("reverse", "false"));
            long processed = table.count(selection);
            List<StoredLog> logs = line == 0 ? List.of() : table.find(selection, offset, line, reverse);
            byte[] body = write(json -> {
                if (withMeta) {
                    json.writeStartObject();
                    writeMeta(json, progress, logs.size(), processed, started, text, List.of());
                    json.writeFieldName("data");
                }
                json.writeStartArray();
                for (StoredLog log : logs) {
                    writeLog(json, log);
                }
                json.writeEndArray();
                if (withMeta) {
                    json.writeEndObject();
                }
            });
            return statusHeaders(Reply.json(200, body), progress, logs.size(), processed, text);
        } catch (SQLException e) {
            throw LogstoreError.parameterInvalid("query '" + params.get("query") + "' failed: " + e.getMessage());
        }
    }

    private Reply histogram(String project, String logstore, Map<String, String> params) throws InterruptedException {
        QueryText text = QueryText.parse(params.get("query"));
        if (text.hasAnalysis()) {
            throw LogstoreError.parameterInvalid("type=histogram takes a search query without '| SELECT'");
        }
        String progress = awaitAccepted();
        LogSelection selection = selection(table.schema(project, logstore), params, text);
        long span = Math.max(1, selection.to() - selection.from());
        // about 60 buckets, like the console's histogram
        long interval = Math.max(1, (span + 59) / 60);
        try {
            Map<Long, Long> counts = table.histogram(selection, interval);
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            byte[] body = write(json -> {
                json.writeStartArray();
                for (long bucket = selection.from(); bucket < selection.to(); bucket += interval) {
                    json.writeStartObject();
                    json.writeNumberField("from", bucket);
                    json.writeNumberField("to", Math.min(bucket + interval, selection.to()));
                    json.writeNumberField("count", counts.getOrDefault(bucket, 0L));
                    json.writeStringField("progress", progress);
                    json.writeEndObject();
                }
                json.writeEndArray();
            });
            return Reply.json(200, body).header("x-log-progress", progress).header("x-log-count", Long.toString(total));
        } catch (SQLException e) {
            throw LogstoreError.parameterInvalid("query '" + params.get("query") + "' failed: " + e.getMessage());
        }
    }

    private static LogSelection selection(LogstoreSchema schema, Map<String, String> params, QueryText text) {
        long from = longParam(params, "from", 0);
        long to = longParam(params, "to", Integer.MAX_VALUE);
        if (from > to) {
            throw LogstoreError.parameterInvalid("from (" + from + ") is after to (" + to + ")");
        }
        return new LogSelection(schema, from, to, params.get("topic"), SearchQuery.toCondition(text.search(), schema));
    }

    private static Reply statusHeaders(Reply reply, String progress, long count, long processed, QueryText text) {
        reply.header("x-log-progress", progress)
                .header("x-log-count", Long.toString(count))
                .header("x-log-processed-rows", Long.toString(processed))
                .header("x-log-has-sql", Boolean.toString(text.hasAnalysis()))
                .header("x-log-query-info", "{\"mode\":0}");
        if (text.hasAnalysis()) {
            reply.header("x-log-where-query", headerSafe(text.search()))
                    .header("x-log-agg-query", headerSafe(text.analysis()));
        }
        return reply;
    }

    private static String headerSafe(String value) {
        return value.replaceAll("[\\r\\n]", " ");
    }

    private static void writeMeta(JsonGenerator json, String progress, long count, long processed, long startedNanos,
                                  QueryText text, List<String> keys) throws IOException {
        json.writeObjectFieldStart("meta");
        json.writeStringField("progress", progress);
        json.writeNumberField("count", count);
        json.writeNumberField("processedRows", processed);
        json.writeNumberField("elapsedMillisecond", (System.nanoTime() - startedNanos) / 1_000_000);
        json.writeBooleanField("hasSQL", text.hasAnalysis());
        json.writeStringField("whereQuery", text.search());
        json.writeStringField("aggQuery", text.hasAnalysis() ? text.analysis() : "");
        json.writeArrayFieldStart("keys");
        for (String key : keys) {
            json.writeString(key);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** Contents first in their original order, then the fields Log Service adds to every log. */
    private static void writeLog(JsonGenerator json, StoredLog log) throws IOException {
        json.writeStartObject();
        for (String[] content : log.contents()) {
            json.writeStringField(content[0], content[1]);
        }
        json.writeStringField("__time__", Long.toString(log.time()));
        json.writeStringField("__time_ns_part__", Integer.toString(log.timeNanos()));
        json.writeStringField("__topic__", log.topic());
        json.writeStringField("__source__", log.source());
        copyFields(json, log.tagsJson(), "__tag__:");
        json.writeEndObject();
    }

    private static void copyFields(JsonGenerator json, String object, String prefix) throws IOException {
        try (JsonParser parser = JSON.createParser(object)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                json.writeStringField(prefix + name, parser.getText());
            }
        }
    }

    private static long longParam(Map<String, String> params, String name, long defaultValue) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw LogstoreError.parameterInvalid(name + " must be a whole number, got '" + value + "'");
        }
    }

    private interface JsonWriting {
        void writeTo(JsonGenerator json) throws IOException;
    }

    private static byte[] write(JsonWriting writing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            writing.writeTo(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
