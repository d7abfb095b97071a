package io.logcamel.input;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns a text body (an HTTP request, a file chunk) into one {@link LogBatch}: one event per
 * non-empty line, stamped with the time it was received. Used from YAML as
 * {@code - process: {ref: linesToBatch}}.
 */
@ApplicationScoped
@Named("linesToBatch")
public class LinesToBatch implements Processor {

    @Override
    public void process(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setBody(toBatch(text == null ? "" : text));
    }

    public static LogBatch toBatch(String text) {
        LogEvent now = LogEvent.now();
        LogBatch batch = new LogBatch();
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            int lineEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            if (lineEnd > start) {
                batch.add(LogEvent.ofContent(now.timeSeconds(), now.timeNanos(), text.substring(start, lineEnd)));
            }
            start = end + 1;
        }
        return batch;
    }
}
