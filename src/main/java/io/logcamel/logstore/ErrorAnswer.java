package io.logcamel.logstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;

/**
 * The {@code errorCode} and {@code errorMessage} of a failed PutLogs. Bodies that are not the
 * service's JSON (a proxy's HTML page, an empty answer) give a null code and a short excerpt.
 */
record ErrorAnswer(String errorCode, String errorMessage) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 300;

    static ErrorAnswer parse(byte[] body) {
        if (body == null || body.length == 0) {
            return new ErrorAnswer(null, "");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.isObject()) {
                return new ErrorAnswer(textField(node, "errorCode"), shorten(textField(node, "errorMessage")));
            }
        } catch (Exception e) {
            // not JSON: keep an excerpt of the text below
        }
        return new ErrorAnswer(null, shorten(text.strip()));
    }

    private static String textField(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
    }
}
