package io.logcamel.parse.filter;

import java.util.concurrent.atomic.AtomicLong;

/** Events a filter endpoint let through or removed since the route started. */
public final class FilterCounters {

    private final AtomicLong passed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong cutOff = new AtomicLong();

    void add(long passedEvents, long droppedEvents, long cut) {
        passed.addAndGet(passedEvents);
        dropped.addAndGet(droppedEvents);
        cutOff.addAndGet(cut);
    }

    public long getPassed() {
        return passed.get();
    }

    public long getDropped() {
        return dropped.get();
    }

    /** Values whose regex test exceeded the work budget; they count as not matching. */
    public long getCutOff() {
        return cutOff.get();
    }
}
