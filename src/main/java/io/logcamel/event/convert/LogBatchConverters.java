package io.logcamel.event.convert;

import io.logcamel.event.LogBatch;
import org.apache.camel.Converter;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Camel type converters between {@link LogBatch} and the NDJSON of {@link LogBatchJson}, so that
 * any Camel endpoint can be a sink ({@code to: kafka:...}, {@code file:}, {@code http:} convert
 * the body to the String, bytes or stream they send) and a LogCamel source can read NDJSON back
 * ({@code from: kafka:...} then {@code logstore:}, or {@code convertBodyTo: io.logcamel.event.LogBatch}
 * for an error that names the bad line).
 *
 * <p>The loader is generated at build time ({@code camel-component-maven-plugin}), so plain Camel
 * and Camel Quarkus find these without classpath scanning.
 */
@Converter(generateLoader = true)
public final class LogBatchConverters {

    private LogBatchConverters() {
    }

    /** NDJSON in UTF-8: one JSON object per event. */
    @Converter
    public static byte[] toBytes(LogBatch batch) {
        return LogBatchJson.toBytes(batch);
    }

    /** NDJSON: one JSON object per event, each ending with a newline. */
    @Converter
    public static String toText(LogBatch batch) {
        return LogBatchJson.toText(batch);
    }

    /** NDJSON in UTF-8, for endpoints that send a stream (file:, http:). */
    @Converter
    public static InputStream toInputStream(LogBatch batch) {
        return new ByteArrayInputStream(LogBatchJson.toBytes(batch));
    }

    /** One map per event with the keys time, contents, tags, topic, source. */
    @Converter
    public static List<Map<String, Object>> toMaps(LogBatch batch) {
        return LogBatchJson.toMaps(batch);
    }

    /** NDJSON of LogCamel events back to a batch; anything else fails the conversion. */
    @Converter
    public static LogBatch fromText(String ndjson) {
        return LogBatchJson.fromText(ndjson);
    }

    @Converter
    public static LogBatch fromBytes(byte[] ndjson) {
        return LogBatchJson.fromBytes(ndjson);
    }

    @Converter
    public static LogBatch fromStream(InputStream ndjson) {
        return LogBatchJson.read(ndjson);
    }
}
