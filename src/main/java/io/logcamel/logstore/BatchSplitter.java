package io.logcamel.logstore;

import io.logcamel.event.LogEvent;
import io.logcamel.logstore.wire.LogGroupEncoder;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a batch into runs of events that can each travel as one LogGroup in one PutLogs: at most
 * {@code maxLogs} events, an estimated size within {@code maxBytes}, and the same event tags
 * (a LogGroup has one set of tags). Runs keep the batch's order; events are never reordered.
 *
 * <p>The size is {@link LogGroupEncoder#estimateSize}, an upper bound, so a run never encodes
 * larger than planned. An event that alone is estimated over the limit gets a run of its own;
 * the producer checks its real size before sending anything.
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
     * @param groupOverhead the estimated bytes of the LogGroup's topic, source and shared tags,
     *                      which every request carries on top of its events (the run's own event
     *                      tags are added here)
     */
    public List<Run> split(List<LogEvent> events, int groupOverhead) {
        List<Run> runs = new ArrayList<>();
        int start = 0;
        long bytes = events.isEmpty() ? 0 : groupOverhead + estimateTags(events.get(0));
        for (int i = 0; i < events.size(); i++) {
            LogEvent event = events.get(i);
            long eventBytes = LogGroupEncoder.estimateSize(event);
            boolean full = i - start >= maxLogs || bytes + eventBytes > maxBytes
                    || !event.sameTags(events.get(start));
            if (i > start && full) {
                runs.add(new Run(start, i));
                start = i;
                bytes = groupOverhead + estimateTags(event);
            }
            bytes += eventBytes;
        }
        if (start < events.size()) {
            runs.add(new Run(start, events.size()));
        }
        return runs;
    }

    /** An upper bound of the bytes a LogGroup's tags take, in the way estimateSize bounds contents. */
    public static int estimateTags(LogEvent event) {
        long size = 0;
        for (int i = 0; i < event.tagCount(); i++) {
            size += estimateTag(event.tagKey(i), event.tagValue(i));
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    public static long estimateTag(String key, String value) {
        return 12 + 3L * key.length() + 3L * value.length();
    }
}
