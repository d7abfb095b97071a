package io.logcamel.tail;

import java.util.ArrayDeque;

/**
 * The batches of one file that were handed to delivery and are not yet acknowledged, in the order
 * they were read. A checkpoint may move only over a prefix of acknowledged batches: with several
 * batches of a file in flight, a later one acknowledged first moves nothing until the earlier ones
 * are acknowledged too.
 */
final class OrderedAcks {

    private static final class Outstanding {
        final long id;
        final long endOffset;
        boolean acknowledged;

        Outstanding(long id, long endOffset) {
            this.id = id;
            this.endOffset = endOffset;
        }
    }

    private final ArrayDeque<Outstanding> outstanding = new ArrayDeque<>();

    void sent(long id, long endOffset) {
        outstanding.addLast(new Outstanding(id, endOffset));
    }

    /**
     * @return the offset the checkpoint may move to now, or -1 when an earlier batch is still out
     */
    long acknowledge(long id) {
        for (Outstanding batch : outstanding) {
            if (batch.id == id) {
                batch.acknowledged = true;
                break;
            }
        }
        long committable = -1;
        while (!outstanding.isEmpty() && outstanding.peekFirst().acknowledged) {
            committable = outstanding.pollFirst().endOffset;
        }
        return committable;
    }

    boolean isEmpty() {
        return outstanding.isEmpty();
    }

    int size() {
        return outstanding.size();
    }

    /** A batch failed: every batch after the checkpoint is read again, so none of them counts. */
    void clear() {
        outstanding.clear();
    }
}
