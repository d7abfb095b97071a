package io.logcamel.input.http;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.input.LinesToBatch;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTP push request body into one {@link LogBatch}, by its Content-Type:
 * {@code application/json}, {@code application/x-ndjson} (and any {@code +json} type) are JSON
 * ({@link JsonToEvents}); everything else is text, one event per non-empty line. A JSON body
 * that does not parse is answered 400 with the reason, and nothing of it is shipped.
 */
public class HttpBodyToBatch implements Processor {

    /** Header: how many events the request became (what the answer {@code accepted N} reports). */
    public static final String EVENTS = "LogcamelHttpPushEvents";

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] body = message.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, "", String.class).toLowerCase(Locale.ROOT);
        LogBatch batch;
        if (isJson(contentType)) {
            try {
                batch = JsonToEvents.toBatch(body, LogEvent.now());
            } catch (IOException e) {
                HttpPushGate.refuse(exchange, 400, "invalid JSON: " + e.getMessage());
                return;
            }
        } else {
            batch = LinesToBatch.toBatch(new String(body, StandardCharsets.UTF_8));
        }
        message.setBody(batch);
        message.setHeader(EVENTS, batch.size());
    }

    private static boolean isJson(String contentType) {
        return contentType.startsWith("application/json") || contentType.startsWith("application/x-ndjson")
                || contentType.startsWith("application/ndjson") || contentType.contains("+json");
    }
}
