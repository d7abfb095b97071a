package io.logcamel.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of every exchange in a LogCamel route: many events from one source, never one line.
 *
 * <p>Topic, source and tags apply to every event of the batch and become the LogGroup's fields.
 * The position tells the input what to checkpoint once the batch is delivered.
 */
public final class LogBatch {

    private final List<LogEvent> events;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String topic = "";
    private String source = "";
    private SourcePosition position;

    public LogBatch() {
        this(new ArrayList<>());
    }

    public LogBatch(List<LogEvent> events) {
        this.events = events;
    }

    public static LogBatch of(LogEvent... events) {
        List<LogEvent> list = new ArrayList<>(events.length);
        Collections.addAll(list, events);
        return new LogBatch(list);
    }

    public List<LogEvent> events() {
        return events;
    }

    public int size() {
        return events.size();
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    public LogBatch add(LogEvent event) {
        events.add(event);
        return this;
    }

    public String topic() {
        return topic;
    }

    public LogBatch topic(String topic) {
        this.topic = topic == null ? "" : topic;
        return this;
    }

    public String source() {
        return source;
    }

    public LogBatch source(String source) {
        this.source = source == null ? "" : source;
        return this;
    }

    /** Batch-level tags in insertion order; mutable. */
    public Map<String, String> tags() {
        return tags;
    }

    public LogBatch tag(String key, String value) {
        tags.put(key, value);
        return this;
    }

    public SourcePosition position() {
        return position;
    }

    public LogBatch position(SourcePosition position) {
        this.position = position;
        return this;
    }

    @Override
    public String toString() {
        return "LogBatch[" + events.size() + " events" + (position == null ? "" : ", " + position.describe()) + "]";
    }
}
