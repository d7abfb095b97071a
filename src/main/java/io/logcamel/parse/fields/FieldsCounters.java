package io.logcamel.parse.fields;

import java.util.concurrent.atomic.AtomicLong;

/** What one fields endpoint changed since the route started. */
public final class FieldsCounters {

    private final AtomicLong eventsChanged = new AtomicLong();
    private final AtomicLong masked = new AtomicLong();
    private final AtomicLong cutOff = new AtomicLong();

    void add(long changed, long maskedEvents, long cut) {
        eventsChanged.addAndGet(changed);
        masked.addAndGet(maskedEvents);
        cutOff.addAndGet(cut);
    }

    /** Events in which at least one field was dropped, renamed, added, tagged or masked. */
    public long getEventsChanged() {
        return eventsChanged.get();
    }

    /** Events in which the mask replaced at least one match. */
    public long getMasked() {
        return masked.get();
    }

    /** Values whose masking regex exceeded its work budget: the whole value was replaced. */
    public long getCutOff() {
        return cutOff.get();
    }
}
