package io.logcamel.input.batch;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.event.SourcePosition;
import io.logcamel.input.FlowControl;
import io.logcamel.input.PauseReasons;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch queue stepped by hand: sealing, lingering, the bound and each whenFull, positions, close. */
class BatchQueueTest {

    private static LogEvent event(int n) {
        return LogEvent.ofContent(n, 0, "e" + n);
    }

    private static BatchQueue queue(int maxEvents, int maxPending, WhenFull whenFull, FlowControl flow) {
        return new BatchQueue("test", new BatchSettings(maxEvents, 1 << 20, 50, maxPending, whenFull, flow));
    }

    private record Seq(long n) implements SourcePosition {
        @Override
        public String describe() {
            return "#" + n;
        }
    }

    @Test
    void fullBatchesAreSealedInOrderAndAPartialOneAfterItsLinger() throws Exception {
        BatchQueue queue = queue(3, 10, WhenFull.BLOCK, null);
        for (int i = 0; i < 7; i++) {
            assertTrue(queue.offer(event(i), new Seq(i)));
        }
        LogBatch first = queue.take(0);
        assertEquals(List.of("e0", "e1", "e2"), contents(first));
        assertEquals(new PositionRange(new Seq(0), new Seq(2)), first.position());
        assertEquals(List.of("e3", "e4", "e5"), contents(queue.take(0)));
        assertNull(queue.take(0), "the partial batch lingers");
        LogBatch last = queue.take(1000);
        assertEquals(List.of("e6"), contents(last), "sealed once its linger passed");
        assertEquals(new PositionRange(new Seq(6), new Seq(6)), last.position());
        assertEquals(7, queue.statistics().acceptedEvents());
    }

    @Test
    void dropModeCountsWhatDoesNotFitAndNeverWaits() throws Exception {
        BatchQueue queue = queue(2, 1, WhenFull.DROP, null);
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            accepted += queue.offer(event(i), null) ? 1 : 0;
        }
        // one sealed batch of 2, an open batch of 2: the bound is maxPending sealed + one full open batch
        assertEquals(4, accepted);
        assertEquals(6, queue.statistics().droppedEvents());
        assertEquals(4, queue.pendingEvents());
        assertEquals(List.of("e0", "e1"), contents(queue.take(0)));
        assertTrue(queue.offer(event(10), null), "room again after the consumer took a batch");
    }

    @Test
    void blockModeHoldsTheCallerUntilTheConsumerTakesABatch() throws Exception {
        BatchQueue queue = queue(2, 1, WhenFull.BLOCK, null);
        for (int i = 0; i < 4; i++) {
            queue.offer(event(i), null);
        }
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.offer(event(4), null);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200); // give the offer every chance to get through wrongly
        assertFalse(blocked.isDone(), "the caller waits while the queue is full");
        queue.take(0);
        assertTrue(blocked.get(5, TimeUnit.SECONDS));
        assertEquals(0, queue.statistics().droppedEvents());
    }

    @Test
    void pauseModePausesTheInputWhileFullTakesWhatItAlreadyReadAndResumes() throws Exception {
        List<Boolean> changes = new ArrayList<>();
        PauseReasons input = new PauseReasons(changes::add);
        BatchQueue queue = queue(2, 2, WhenFull.PAUSE, input);
        for (int i = 0; i < 4; i++) {
            queue.offer(event(i), null);
        }
        assertTrue(input.isPaused(), "two sealed batches: the input is paused");
        assertEquals(1, queue.statistics().pauses());
        for (int i = 4; i < 9; i++) {
            assertTrue(queue.offer(event(i), null), "what the input read before it stopped is still taken");
        }
        assertEquals(0, queue.statistics().droppedEvents());
        queue.take(0);
        queue.take(0);
        queue.take(0);
        assertFalse(input.isPaused(), "resumed once there is room");
        assertEquals(List.of(true, false), changes);
    }

    @Test
    void aGuardPauseIsItsOwnReasonAndDropModeDropsWhilePaused() throws Exception {
        BatchQueue queue = queue(100, 4, WhenFull.DROP, null);
        queue.pause("guard");
        assertTrue(queue.isPaused());
        assertFalse(queue.offer(event(0), null));
        queue.resume("guard");
        assertTrue(queue.offer(event(1), null));
    }

    @Test
    void closingHandsOutWhatIsLeftThenRefusesOffers() throws Exception {
        BatchQueue queue = queue(10, 4, WhenFull.BLOCK, null);
        queue.offer(event(0), null);
        queue.close();
        assertEquals(List.of("e0"), contents(queue.take(0)), "the open batch is sealed at once when closed");
        assertNull(queue.take(0));
        assertThrows(IllegalStateException.class, () -> queue.offer(event(1), null));
    }

    @Test
    void aBlockedCallerIsReleasedByClose() throws Exception {
        BatchQueue queue = queue(1, 1, WhenFull.BLOCK, null);
        queue.offer(event(0), null);
        queue.offer(event(1), null);
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                queue.offer(event(2), null);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().until(() -> !blocked.isDone());
        queue.close();
        assertThrows(java.util.concurrent.ExecutionException.class, () -> blocked.get(5, TimeUnit.SECONDS));
    }

    @Test
    void settingsAreValidatedWithTheirNames() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new BatchSettings(10, 100, 10, 1, WhenFull.PAUSE, null));
        assertTrue(error.getMessage().contains("flowControl"), error.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WhenFull.parse("wait")).getMessage()
                .contains("block, drop or pause"));
    }

    private static List<String> contents(LogBatch batch) {
        return batch.events().stream().map(e -> e.get("content")).toList();
    }
}
