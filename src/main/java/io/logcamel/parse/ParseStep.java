package io.logcamel.parse;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;

import java.util.List;

/**
 * Parses one field of every event (by default the raw line, {@code content}) with a
 * {@link LineFormat} and replaces it with the fields found. Lines that do not parse follow the
 * {@link NoMatchPolicy}. The batch is rewritten in place; dropped events are compacted out.
 */
public final class ParseStep implements BatchStep {

    private final LineFormat format;
    private final String sourceKey;
    private final boolean keepSource;
    private final NoMatchPolicy noMatch;
    private final String errorKey;
    private final ParseCounters counters;

    public ParseStep(LineFormat format, String sourceKey, boolean keepSource, NoMatchPolicy noMatch,
                     String errorKey, ParseCounters counters) {
        this.format = format;
        this.sourceKey = sourceKey;
        this.keepSource = keepSource;
        this.noMatch = noMatch;
        this.errorKey = errorKey == null || errorKey.isEmpty() ? null : errorKey;
        this.counters = counters;
    }

    @Override
    public void apply(LogBatch batch) {
        List<LogEvent> events = batch.events();
        LineParser parser = format.newParser();
        ParsedFields fields = new ParsedFields();
        long matched = 0, kept = 0, dropped = 0, cut = 0;
        int write = 0;
        int total = events.size();
        for (int read = 0; read < total; read++) {
            LogEvent event = events.get(read);
            String line = event.get(sourceKey);
            String failure;
            if (line == null) {
                failure = "no field '" + sourceKey + "'";
            } else {
                fields.clear();
                failure = parser.parse(line, fields);
            }
            if (failure == null) {
                if (!keepSource) {
                    event.remove(sourceKey);
                }
                fields.copyTo(event);
                matched++;
            } else {
                if (failure == LineParser.CUT_OFF) {
                    cut++;
                }
                if (noMatch == NoMatchPolicy.drop) {
                    dropped++;
                    continue;
                }
                if (errorKey != null) {
                    event.put(errorKey, failure);
                }
                kept++;
            }
            events.set(write++, event);
        }
        if (write < total) {
            events.subList(write, total).clear();
        }
        counters.add(matched, kept, dropped, cut);
    }
}
