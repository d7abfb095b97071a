package io.logcamel.input.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON request bodies into events: one object, an array of objects, or objects one after the
 * other (NDJSON, or simply concatenated). Each object is one event; its top-level members become
 * fields (strings as they are, other scalars as their JSON text, nested objects and arrays as
 * compact JSON). A numeric {@code __time__} member (epoch seconds, fraction allowed) is the event
 * time instead of the receive time.
 */
final class JsonToEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonToEvents() {
    }

    static LogBatch toBatch(byte[] body, LogEvent receivedAt) throws IOException {
        LogBatch batch = new LogBatch();
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        batch.add(toEvent(JSON.readTree(parser), receivedAt));
                    }
                } else {
                    batch.add(toEvent(JSON.readTree(parser), receivedAt));
                }
            }
        }
        return batch;
    }

    private static LogEvent toEvent(JsonNode node, LogEvent receivedAt) throws IOException {
        if (!(node instanceof ObjectNode object)) {
            throw new IOException("expected a JSON object, got " + node.getNodeType().name().toLowerCase() + ": " + node);
        }
        LogEvent event = new LogEvent(receivedAt.timeSeconds(), receivedAt.timeNanos());
        Iterator<Map.Entry<String, JsonNode>> members = object.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            JsonNode value = member.getValue();
            if ("__time__".equals(member.getKey()) && value.isNumber()) {
                double seconds = value.asDouble();
                long whole = (long) Math.floor(seconds);
                event.setTime(whole, (int) Math.min(999_999_999, Math.round((seconds - whole) * 1e9)));
            } else if (!value.isNull()) {
                event.put(member.getKey(), value.isTextual() ? value.asText() : value.toString());
            }
        }
        return event;
    }
}
