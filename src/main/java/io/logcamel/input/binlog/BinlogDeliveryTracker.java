package io.logcamel.input.binlog;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Joins Debezium's offset flushes to LogCamel's deliveries. Every change event gets a sequence
 * number when it enters the route; a batch reports its range once the Logstore acknowledged it.
 * The offset store ({@link DeliveredOffsetStore}) writes an offset only after every event seen up
 * to that moment was delivered, so a stored binlog position never runs ahead of the Logstore.
 *
 * <p>One tracker per offset file: Debezium creates the offset store by class name, so the two
 * sides meet through this registry rather than through injection.
 */
public final class BinlogDeliveryTracker {

    private static final Map<String, BinlogDeliveryTracker> BY_OFFSET_FILE = new ConcurrentHashMap<>();

    /** The engine's life as its offset store sees it: NEW until started, then RUNNING, then STOPPED. */
    public enum EngineState { NEW, RUNNING, STOPPED }

    private volatile EngineState engineState = EngineState.NEW;
    private long lastAssigned;
    /** Every sequence number up to here is delivered. */
    private long deliveredUpTo;
    /** Delivered ranges beyond the contiguous prefix (batches acknowledged out of order): first -> last. */
    private final TreeMap<Long, Long> deliveredAhead = new TreeMap<>();

    private BinlogDeliveryTracker() {
    }

    public static BinlogDeliveryTracker forOffsetFile(String offsetFile) {
        return BY_OFFSET_FILE.computeIfAbsent(Path.of(offsetFile).toAbsolutePath().normalize().toString(),
                file -> new BinlogDeliveryTracker());
    }

    /** The sequence number of a new event entering the route. */
    public synchronized long assign() {
        return ++lastAssigned;
    }

    public synchronized long lastAssigned() {
        return lastAssigned;
    }

    public synchronized long deliveredUpTo() {
        return deliveredUpTo;
    }

    /** The events {@code first..last} (one batch) were acknowledged by the Logstore. */
    public synchronized void delivered(long first, long last) {
        deliveredAhead.put(first, last);
        Map.Entry<Long, Long> next;
        while ((next = deliveredAhead.firstEntry()) != null && next.getKey() <= deliveredUpTo + 1) {
            deliveredUpTo = Math.max(deliveredUpTo, next.getValue());
            deliveredAhead.pollFirstEntry();
        }
        notifyAll();
    }

    /** Waits until every event up to {@code upTo} is delivered; false on timeout. */
    public synchronized boolean awaitDelivered(long upTo, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (deliveredUpTo < upTo) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    public EngineState engineState() {
        return engineState;
    }

    void engineStarted() {
        engineState = EngineState.RUNNING;
    }

    void engineStopped() {
        engineState = EngineState.STOPPED;
    }

    /**
     * After a restart of the route the numbering starts over: whatever was in flight is gone,
     * and Debezium resumes from the last stored (delivered) offset.
     */
    public synchronized void reset() {
        lastAssigned = 0;
        deliveredUpTo = 0;
        deliveredAhead.clear();
        engineState = EngineState.NEW;
        notifyAll();
    }
}
