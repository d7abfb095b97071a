package io.logcamel.parse.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.logcamel.parse.LineFormat;
import io.logcamel.parse.LineParser;
import io.logcamel.parse.OptionException;
import io.logcamel.parse.ParsedFields;

import java.io.IOException;

/**
 * One JSON object per line. Its fields become event fields: strings unescaped; numbers, booleans
 * and null as their JSON text; nested objects flattened into {@code parent<sep>child} keys down
 * to {@code maxDepth} levels; arrays, and objects below {@code maxDepth}, kept as their original
 * JSON text. Anything other than exactly one object (a scalar, an array, a broken document,
 * trailing text) does not parse.
 *
 * <p>Jackson's streaming parser reads the line once without building a tree: the slices of
 * raw text for arrays are cut from the line by character offsets.
 */
public final class JsonFormat implements LineFormat {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final String separator;
    private final int maxDepth;

    private JsonFormat(String separator, int maxDepth) {
        this.separator = separator;
        this.maxDepth = maxDepth;
    }

    /**
     * @param separator joins the keys of nested objects; may be empty
     * @param maxDepth levels of objects turned into fields: 1 keeps nested objects as JSON text
     */
    public static JsonFormat compile(String separator, int maxDepth) {
        if (separator == null) {
            throw new OptionException("flattenSeparator", "must not be null");
        }
        if (maxDepth < 1) {
            throw new OptionException("maxDepth", "must be at least 1 (1 = only top-level fields), got " + maxDepth);
        }
        return new JsonFormat(separator, maxDepth);
    }

    @Override
    public LineParser newParser() {
        return this::parse;
    }

    private String parse(String line, ParsedFields out) {
        try (JsonParser parser = FACTORY.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return "not a JSON object";
            }
            readObject(parser, line, out, null, 1);
            // look at the rest ourselves: asking Jackson for another token would try to parse it
            for (int i = (int) parser.currentLocation().getCharOffset(); i < line.length(); i++) {
                if (!Character.isWhitespace(line.charAt(i))) {
                    return "text after the JSON object";
                }
            }
            return null;
        } catch (JsonProcessingException e) {
            return "invalid JSON: " + e.getOriginalMessage() + " at char " + e.getLocation().getCharOffset();
        } catch (IOException e) {
            return "invalid JSON: " + e.getMessage();
        }
    }

    private void readObject(JsonParser parser, String line, ParsedFields out, String prefix, int depth) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String key = prefix == null ? name : prefix + separator + name;
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT && depth < maxDepth) {
                int before = out.size();
                readObject(parser, line, out, key, depth + 1);
                if (out.size() == before) {
                    out.add(key, "{}"); // an empty object would otherwise vanish without trace
                }
            } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                out.add(key, rawText(parser, line));
            } else {
                out.add(key, parser.getText());
            }
        }
    }

    private static String rawText(JsonParser parser, String line) throws IOException {
        int start = (int) parser.currentTokenLocation().getCharOffset();
        parser.skipChildren();
        int end = (int) parser.currentLocation().getCharOffset();
        return line.substring(start, end);
    }
}
