package io.logcamel.input.batch;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.event.SourcePosition;
import io.logcamel.input.PauseReasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over between an input's threads and the one thread that ships its batches:
 * events join the open batch, a full (or lingering) batch is sealed, at most {@code maxPending}
 * sealed batches wait. Beyond that the input is told to stop ({@link WhenFull}): the caller
 * waits, the event is dropped and counted, or the input is paused. Nothing here grows without a
 * bound, and nothing is handed to a thread pool's queue.
 *
 * <p>One lock guards everything; producers are a few I/O threads and the consumer is one.
 */
final class BatchQueue {

    private static final Logger LOG = LoggerFactory.getLogger(BatchQueue.class);
    private static final String QUEUE_FULL = "queue full";
    private static final long DROP_WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String name;
    private final BatchSettings settings;
    private final BatchStatistics statistics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<LogBatch> sealed = new ArrayDeque<>();
    /** Pauses from outside (a resource guard); the queue's own pressure goes to the flow control. */
    private final PauseReasons paused;
    private LogBatch open;
    private long openBytes;
    private long openedNanos;
    private SourcePosition firstPosition;
    private SourcePosition lastPosition;
    private boolean pressure;
    private boolean closed;
    private long lastDropWarnNanos = System.nanoTime() - DROP_WARN_INTERVAL_NANOS;

    BatchQueue(String name, BatchSettings settings) {
        this(name, settings, new BatchStatistics());
    }

    BatchQueue(String name, BatchSettings settings, BatchStatistics statistics) {
        this.name = name;
        this.settings = settings;
        this.statistics = statistics;
        this.paused = new PauseReasons(isPaused -> {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        });
    }

    /**
     * Adds one event. Returns false when it was dropped (whenFull=drop, counted); may wait under
     * whenFull=block.
     *
     * @throws IllegalStateException when the queue was closed (its consumer stopped)
     */
    boolean offer(LogEvent event, SourcePosition position) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!closed && mustHoldBack()) {
                if (settings.whenFull() == WhenFull.DROP) {
                    dropped(1);
                    return false;
                }
                if (settings.whenFull() == WhenFull.PAUSE) {
                    break; // the input is being paused; what it already read is still taken
                }
                changed.await();
            }
            if (closed) {
                throw new IllegalStateException("batch:" + name + " is stopped: no route consumes it");
            }
            if (open == null) {
                open = new LogBatch();
                openBytes = 0;
                openedNanos = System.nanoTime();
                firstPosition = position;
            }
            open.add(event);
            openBytes += textBytes(event);
            if (position != null) {
                if (firstPosition == null) {
                    firstPosition = position;
                }
                lastPosition = position;
            }
            statistics.acceptedEvents.incrementAndGet();
            if (openFull() && (sealed.size() < settings.maxPending() || settings.whenFull() == WhenFull.PAUSE)) {
                seal();
            }
            updatePressure();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next batch to ship: a sealed one, or the open one once it lingered (or the queue is
     * closed). Waits at most {@code timeoutMillis}; null when there is none by then, or when the
     * queue is closed and empty.
     */
    LogBatch take(long timeoutMillis) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (true) {
                LogBatch next = sealed.poll();
                if (next != null) {
                    if (openFull()) {
                        seal(); // held back under block/drop while the queue was full
                    }
                    updatePressure();
                    changed.signalAll();
                    return next;
                }
                long now = System.nanoTime();
                if (open != null && (closed || now - openedNanos >= TimeUnit.MILLISECONDS.toNanos(settings.lingerMillis()))) {
                    seal();
                    continue;
                }
                if (closed) {
                    return null;
                }
                long wait = deadline - now;
                if (open != null) {
                    wait = Math.min(wait, openedNanos + TimeUnit.MILLISECONDS.toNanos(settings.lingerMillis()) - now);
                }
                if (deadline - now <= 0) {
                    return null;
                }
                changed.awaitNanos(Math.max(wait, 1));
            }
        } finally {
            lock.unlock();
        }
    }

    /** No more offers; what is queued can still be taken. Wakes waiting producers, which then fail. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Counts what could not be shipped before the stop timeout ran out and empties the queue. */
    int discardRemaining() {
        lock.lock();
        try {
            int events = open == null ? 0 : open.size();
            for (LogBatch batch : sealed) {
                events += batch.size();
            }
            sealed.clear();
            open = null;
            statistics.lostOnStopEvents.addAndGet(events);
            return events;
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** The resource guard's hook: under pause the input itself is paused, otherwise offers wait or drop. */
    void pause(String reason) {
        if (settings.whenFull() == WhenFull.PAUSE) {
            settings.flowControl().pause(reason);
        }
        paused.pause(reason);
    }

    void resume(String reason) {
        paused.resume(reason);
        if (settings.whenFull() == WhenFull.PAUSE) {
            settings.flowControl().resume(reason);
        }
    }

    boolean isPaused() {
        return paused.isPaused() || (settings.flowControl() != null && settings.flowControl().isPaused());
    }

    /**
     * True once half the queue's room is taken by sealed batches: the batch being shipped should
     * not wait out a long retry budget (the spool takes it) or the input would soon be held back.
     */
    boolean isBackingUp() {
        lock.lock();
        try {
            return sealed.size() >= Math.max(1, settings.maxPending() / 2);
        } finally {
            lock.unlock();
        }
    }

    /** Events in memory, waiting or being gathered (not the batch the consumer is shipping). */
    int pendingEvents() {
        lock.lock();
        try {
            int events = open == null ? 0 : open.size();
            for (LogBatch batch : sealed) {
                events += batch.size();
            }
            return events;
        } finally {
            lock.unlock();
        }
    }

    BatchStatistics statistics() {
        return statistics;
    }

    BatchSettings settings() {
        return settings;
    }

    private boolean mustHoldBack() {
        return paused.isPaused() || (sealed.size() >= settings.maxPending() && openFull());
    }

    private boolean openFull() {
        return open != null && (open.size() >= settings.maxEvents() || openBytes >= settings.maxBytes());
    }

    private void seal() {
        if (firstPosition != null) {
            open.position(new PositionRange(firstPosition, lastPosition == null ? firstPosition : lastPosition));
        }
        sealed.add(open);
        statistics.sealedBatches.incrementAndGet();
        open = null;
        firstPosition = null;
        lastPosition = null;
        changed.signalAll();
    }

    /** Under whenFull=pause, pauses the input while maxPending sealed batches wait, resumes when one left. */
    private void updatePressure() {
        if (settings.whenFull() != WhenFull.PAUSE) {
            return;
        }
        boolean full = sealed.size() >= settings.maxPending();
        if (full && !pressure) {
            pressure = true;
            statistics.pauses.incrementAndGet();
            settings.flowControl().pause(QUEUE_FULL);
        } else if (!full && pressure) {
            pressure = false;
            settings.flowControl().resume(QUEUE_FULL);
        }
    }

    private void dropped(int events) {
        long total = statistics.droppedEvents.addAndGet(events);
        long now = System.nanoTime();
        if (now - lastDropWarnNanos >= DROP_WARN_INTERVAL_NANOS) {
            lastDropWarnNanos = now;
            LOG.warn("batch:{} is full ({} batches waiting to be shipped{}): dropping events, {} dropped so far",
                    name, sealed.size(), paused.isPaused() ? ", paused: " + paused.reasons() : "", total);
        }
    }

    private static long textBytes(LogEvent event) {
        long bytes = 16;
        for (int i = 0; i < event.size(); i++) {
            bytes += event.key(i).length() + event.value(i).length();
        }
        return bytes;
    }
}
