package io.logcamel.tail;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The bounded hand-off between reading and delivery: batches in the order they were read, plus
 * the bytes of every batch not yet acknowledged (queued or in flight). Reading asks
 * {@link #hasRoom()} before it reads more; past the bound it waits, while discovery and opening go
 * on. Delivery takes batches in order and releases their bytes once they completed.
 *
 * <p>Batches of a follower whose earlier batch failed are stale (read again after a rewind) and are
 * skipped here, so a file's batches are never taken out of order.
 *
 * <p>Several delivery threads take from here. Per file a window of at most {@code maxInFlightPerFile}
 * batches may be out: taken and not completed, or completed while an earlier batch of the file is
 * still out. The window closes only over its oldest batch, so a slow request does not let the rest
 * of its file run ahead: after a failure or a crash at most that many batches of a file are sent
 * again. Batches of other files are taken meanwhile.
 *
 * <p>Whatever the bound, reading may go on while no more than {@code maxInFlightPerFile} batches
 * are unacknowledged: one batch ready behind those in flight, so a small bound (it costs heap that
 * every young collection copies) never leaves a delivery thread waiting for the reader.
 */
final class ReadAhead {

    /** The batches of one file taken for delivery, oldest first, and which of them completed. */
    private static final class Window {
        final ArrayDeque<PendingBatch> out = new ArrayDeque<>();
        final Set<PendingBatch> completed = Collections.newSetFromMap(new IdentityHashMap<>());
    }

    private final long maxBytes;
    private final int maxInFlightPerFile;
    private final ArrayDeque<PendingBatch> queue = new ArrayDeque<>();
    private final Map<FileFollower, Window> windows = new IdentityHashMap<>();
    private long bytes;
    private int unacknowledged;
    private boolean paused;

    ReadAhead(long maxBytes) {
        this(maxBytes, 1);
    }

    ReadAhead(long maxBytes, int maxInFlightPerFile) {
        this.maxBytes = maxBytes;
        this.maxInFlightPerFile = maxInFlightPerFile;
    }

    /**
     * True while the bytes not yet acknowledged are below the bound, or while there are not yet
     * enough unacknowledged batches for every delivery thread and one more.
     */
    synchronized boolean hasRoom() {
        return bytes < maxBytes || unacknowledged <= maxInFlightPerFile;
    }

    /** Always taken: the reader checked {@link #hasRoom()} before reading, so it overshoots by at most one batch per file. */
    synchronized void add(PendingBatch batch) {
        queue.addLast(batch);
        bytes += batch.bytes();
        unacknowledged++;
        notifyAll();
    }

    /**
     * The oldest current batch whose file's window has room, waiting up to {@code timeoutMillis};
     * null when none came or delivery is paused. Its bytes stay counted until {@link #release}.
     */
    synchronized PendingBatch take(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            PendingBatch next = paused ? null : nextTakeable();
            if (next != null) {
                windows.computeIfAbsent(next.source(), source -> new Window()).out.addLast(next);
                return next;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private PendingBatch nextTakeable() {
        for (Iterator<PendingBatch> it = queue.iterator(); it.hasNext(); ) {
            PendingBatch next = it.next();
            if (!next.isCurrent()) {
                it.remove();
                bytes -= next.bytes(); // stale: its lines are read again
                unacknowledged--;
                continue;
            }
            Window window = windows.get(next.source());
            if (window == null || window.out.size() < maxInFlightPerFile) {
                it.remove();
                return next;
            }
            // its file's window is full: so are the later batches of that file; another file may go
        }
        return null;
    }

    /** The batch's delivery completed (either way): its bytes no longer count, its file's window may move. */
    synchronized void release(PendingBatch batch) {
        bytes -= batch.bytes();
        unacknowledged--;
        Window window = windows.get(batch.source());
        if (window != null) {
            window.completed.add(batch);
            while (!window.out.isEmpty() && window.completed.remove(window.out.peekFirst())) {
                window.out.pollFirst();
            }
            if (window.out.isEmpty()) {
                windows.remove(batch.source());
            }
        }
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
            unacknowledged--;
        }
        queue.clear();
        windows.clear();
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
