package io.logcamel.logstore;

import io.logcamel.event.LogEvent;
import io.logcamel.logstore.wire.LogGroupEncoder;

import java.util.List;

/**
 * Cuts a batch into runs of events that can each travel as one LogGroup in one PutLogs: at most
 * {@code maxLogs} events, an encoded size within {@code maxBytes}, and the same event tags (a
 * LogGroup has one set of tags). Runs keep the batch's order; events are never reordered.
 *
 * <p>The cut is made while encoding ({@link #fill}): the encoder knows the exact size of the
 * group as it grows, so each event is sized once, by the encoder, and a run never encodes larger
 * than the limit. An event that alone encodes over the limit gets a run of its own; the producer
 * checks the size of a group before sending anything.
 */
public final class BatchSplitter {

    private final int maxLogs;
    private final int maxBytes;

    public BatchSplitter(int maxLogs, int maxBytes) {
        if (maxLogs < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxLogs and maxBytes must be positive");
        }
        this.maxLogs = maxLogs;
        this.maxBytes = maxBytes;
    }

    /** A run of events {@code [from, to)} of the batch. */
    public record Run(int from, int to) {
        public int size() {
            return to - from;
        }
    }

    /**
     * Adds to {@code encoder}, on which {@link LogGroupEncoder#begin} was called with the group's
     * topic, source and tags, the longest run of events from {@code from} that fits one request.
     *
     * @return the end of the run (exclusive), at least {@code from + 1}
     */
    public int fill(List<LogEvent> events, int from, LogGroupEncoder encoder) {
        LogEvent first = events.get(from);
        int to = from;
        while (to < events.size() && to - from < maxLogs) {
            LogEvent event = events.get(to);
            if (!event.sameTags(first) || !encoder.add(event, maxBytes)) {
                break;
            }
            to++;
        }
        return to;
    }
}
