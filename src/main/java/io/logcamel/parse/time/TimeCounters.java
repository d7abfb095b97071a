package io.logcamel.parse.time;

import java.util.concurrent.atomic.AtomicLong;

/** What one time endpoint did since the route started: every discarded or re-timed event counts. */
public final class TimeCounters {

    private final AtomicLong parsed = new AtomicLong();
    private final AtomicLong parseFailures = new AtomicLong();
    private final AtomicLong discardedOld = new AtomicLong();
    private final AtomicLong futureClamped = new AtomicLong();
    private final AtomicLong futureDropped = new AtomicLong();

    void add(long parsedTimes, long failures, long old, long clamped, long droppedFuture) {
        parsed.addAndGet(parsedTimes);
        parseFailures.addAndGet(failures);
        discardedOld.addAndGet(old);
        futureClamped.addAndGet(clamped);
        futureDropped.addAndGet(droppedFuture);
    }

    public long getParsed() {
        return parsed.get();
    }

    /** Events whose time field was missing or did not fit the format: they keep the read time. */
    public long getParseFailures() {
        return parseFailures.get();
    }

    /** Events older than maxAge, removed. */
    public long getDiscardedOld() {
        return discardedOld.get();
    }

    /** Events further in the future than maxFuture whose time was set to the processing time. */
    public long getFutureClamped() {
        return futureClamped.get();
    }

    /** Events further in the future than maxFuture, removed. */
    public long getFutureDropped() {
        return futureDropped.get();
    }

    @Override
    public String toString() {
        return "parsed=" + getParsed() + " parseFailures=" + getParseFailures() + " discardedOld=" + getDiscardedOld()
                + " futureClamped=" + getFutureClamped() + " futureDropped=" + getFutureDropped();
    }
}
