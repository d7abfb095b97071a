package io.logcamel.tail;

import io.logcamel.event.LogBatch;

/**
 * A batch read from one file and waiting for (or in) delivery.
 *
 * @param source      the follower that read it; its acknowledgement goes back there
 * @param generation  the follower's read generation: a failure before it makes the batch stale
 * @param id          orders the batches of one follower
 * @param startOffset file offset of its first line
 * @param endOffset   file offset just after its last line: where the checkpoint moves once acknowledged
 * @param lines       events in the batch
 * @param bytes       bytes it holds in the read-ahead (the file bytes it covers)
 * @param batch       the exchange body
 */
record PendingBatch(FileFollower source, int generation, long id, long startOffset, long endOffset, int lines,
                    long bytes, LogBatch batch) {

    /** False once a batch of the same follower read before this one failed: it is read again instead. */
    boolean isCurrent() {
        return generation > source.rejectedGeneration();
    }
}
