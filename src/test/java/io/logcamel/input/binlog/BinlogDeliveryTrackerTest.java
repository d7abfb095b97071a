package io.logcamel.input.binlog;

import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule the offset store relies on: an offset waits for every event seen before it. */
class BinlogDeliveryTrackerTest {

    private final BinlogDeliveryTracker tracker = BinlogDeliveryTracker.forOffsetFile("/tmp/" + UUID.randomUUID());

    @Test
    void aBatchDeliveredOutOfOrderDoesNotReleaseTheOneBeforeIt() throws Exception {
        for (int i = 0; i < 30; i++) {
            tracker.assign();
        }
        tracker.delivered(11, 20); // the second batch is acknowledged first
        assertEquals(0, tracker.deliveredUpTo());
        assertFalse(tracker.awaitDelivered(30, 10, TimeUnit.MILLISECONDS));

        tracker.delivered(1, 10);
        assertEquals(20, tracker.deliveredUpTo());
        tracker.delivered(21, 30);
        assertTrue(tracker.awaitDelivered(30, 10, TimeUnit.MILLISECONDS));
    }

    @Test
    void aWaitingFlushIsReleasedByTheDelivery() throws Exception {
        tracker.assign();
        tracker.assign();
        CompletableFuture<Boolean> flush = CompletableFuture.supplyAsync(() -> {
            try {
                return tracker.awaitDelivered(2, 10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return false;
            }
        });
        tracker.delivered(1, 2);
        assertTrue(flush.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aFailedBatchHoldsTheOffsetBack() throws Exception {
        for (int i = 0; i < 3; i++) {
            tracker.assign();
        }
        tracker.delivered(1, 1);
        // events 2..3 failed: never reported
        assertFalse(tracker.awaitDelivered(3, 20, TimeUnit.MILLISECONDS));
        assertEquals(1, tracker.deliveredUpTo());
    }

    @Test
    void resetForgetsWhatARouteRunHadInFlight() {
        tracker.assign();
        tracker.engineStarted();
        tracker.reset();
        assertEquals(0, tracker.lastAssigned());
        assertEquals(BinlogDeliveryTracker.EngineState.NEW, tracker.engineState());
    }
}
