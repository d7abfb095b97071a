package io.logcamel.parse;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one parse endpoint did, since the route started. Lines that are not parsed are never
 * silent: each is counted as kept or dropped, and those abandoned for using too much regex work
 * are counted again as cut off.
 */
public final class ParseCounters {

    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong unmatchedKept = new AtomicLong();
    private final AtomicLong unmatchedDropped = new AtomicLong();
    private final AtomicLong cutOff = new AtomicLong();

    /** Adds one batch's tallies; called once per batch so the hot loop touches no shared memory. */
    void add(long matchedLines, long kept, long dropped, long cut) {
        if (matchedLines != 0) {
            matched.addAndGet(matchedLines);
        }
        if (kept != 0) {
            unmatchedKept.addAndGet(kept);
        }
        if (dropped != 0) {
            unmatchedDropped.addAndGet(dropped);
        }
        if (cut != 0) {
            cutOff.addAndGet(cut);
        }
    }

    public long getMatched() {
        return matched.get();
    }

    public long getUnmatchedKept() {
        return unmatchedKept.get();
    }

    public long getUnmatchedDropped() {
        return unmatchedDropped.get();
    }

    /** Lines abandoned because the regex exceeded its work budget (also counted as unmatched). */
    public long getCutOff() {
        return cutOff.get();
    }

    @Override
    public String toString() {
        return "matched=" + getMatched() + " unmatchedKept=" + getUnmatchedKept()
                + " unmatchedDropped=" + getUnmatchedDropped() + " cutOff=" + getCutOff();
    }
}
