package io.logcamel.tail;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The bounded hand-off between reading and delivery: batches in the order they were read, plus
 * the bytes of every batch not yet acknowledged (queued or in flight). Reading asks
 * {@link #hasRoom()} before it reads more; past the bound it waits, while discovery and opening go
 * on. Delivery takes batches in order and releases their bytes once they completed.
 *
 * <p>Batches of a follower whose earlier batch failed are stale (read again after a rewind) and are
 * skipped here, so a file's batches are never delivered out of order.
 */
final class ReadAhead {

    private final long maxBytes;
    private final ArrayDeque<PendingBatch> queue = new ArrayDeque<>();
    private long bytes;
    private boolean paused;

    ReadAhead(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** True while the bytes not yet acknowledged are below the bound. */
    synchronized boolean hasRoom() {
        return bytes < maxBytes;
    }

    /** Always taken: the reader checked {@link #hasRoom()} before reading, so it overshoots by at most one batch per file. */
    synchronized void add(PendingBatch batch) {
        queue.addLast(batch);
        bytes += batch.bytes();
        notifyAll();
    }

    /**
     * The next current batch, waiting up to {@code timeoutMillis}; null when none came or delivery is paused.
     * Its bytes stay counted until {@link #release}.
     */
    synchronized PendingBatch take(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            while (!paused && !queue.isEmpty()) {
                PendingBatch next = queue.pollFirst();
                if (next.isCurrent()) {
                    return next;
                }
                bytes -= next.bytes(); // stale: its lines are read again
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** The batch's delivery completed (either way): its bytes no longer count. */
    synchronized void release(PendingBatch batch) {
        bytes -= batch.bytes();
        notifyAll();
    }

    /** While paused, {@link #take} hands out nothing (a suspended route delivers nothing new). */
    synchronized void pause(boolean pause) {
        paused = pause;
        notifyAll();
    }

    /** Drops every queued batch (a stop): they were never delivered, so the checkpoints are still before them. */
    synchronized int clear() {
        int dropped = queue.size();
        for (PendingBatch batch : queue) {
            bytes -= batch.bytes();
        }
        queue.clear();
        notifyAll();
        return dropped;
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int queued() {
        return queue.size();
    }
}
