package io.logcamel.tail;

import io.logcamel.event.LogBatch;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.logcamel.tail.TailHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code maxBatchesInFlight}: several batches of one file go through the route at once, and the
 * checkpoint still moves only over the file's acknowledged prefix.
 */
class TailBatchesInFlightTest {

    private static final int TOTAL = 1_000;
    private static final int MAX_BATCH_LINES = 100;
    private static final String FAST = "&pollInterval=100&batchLinger=20&lastLineTimeout=500&retryDelay=50&maxRetryDelay=200"
            + "&maxBatchLines=" + MAX_BATCH_LINES;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** Counts the exchanges in the route at once; the batch holding line 0 can be held and failed once. */
    static final class GatedOracle extends NumberedLines.Oracle {
        final AtomicInteger inRoute = new AtomicInteger();
        final AtomicInteger mostInRoute = new AtomicInteger();
        final CountDownLatch laterBatchDone = new CountDownLatch(1);
        final CountDownLatch firstHeld = new CountDownLatch(1);
        final AtomicBoolean holdFirst = new AtomicBoolean();
        volatile boolean gated;
        final AtomicBoolean heldFirstCompletedLast = new AtomicBoolean();
        final List<Integer> firstNumbers = new ArrayList<>();

        GatedOracle() {
            super(TOTAL);
        }

        synchronized List<Integer> firsts() {
            return new ArrayList<>(firstNumbers);
        }

        @Override
        public void process(Exchange exchange) {
            int now = inRoute.incrementAndGet();
            mostInRoute.accumulateAndGet(now, Math::max);
            try {
                LogBatch batch = exchange.getMessage().getBody(LogBatch.class);
                int first = NumberedLines.numberOf(batch.events().get(0).get(io.logcamel.event.LogEvent.CONTENT));
                synchronized (this) {
                    firstNumbers.add(first);
                }
                if (first == 0 && holdFirst.compareAndSet(true, false)) {
                    // the first batch waits until a later batch of the same file was acknowledged,
                    // then fails: its lines must be read and sent again, not skipped
                    firstHeld.countDown();
                    if (!laterBatchDone.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("no later batch was delivered while the first was in flight");
                    }
                    heldFirstCompletedLast.set(true);
                    throw new IllegalStateException("simulated failure of the first batch, after the second succeeded");
                }
                if (first != 0 && gated && firstHeld.getCount() > 0) {
                    // a later batch may reach the route before the first one does: it completes only
                    // once the first is held, so that both are in the route together
                    firstHeld.await(10, TimeUnit.SECONDS);
                }
                accept(batch);
                if (first != 0) {
                    laterBatchDone.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inRoute.decrementAndGet();
            }
        }
    }

    @Test
    void aLaterBatchAcknowledgedFirstDoesNotMoveTheCheckpointPastAnEarlierOneThatFails() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        GatedOracle oracle = new GatedOracle();
        oracle.holdFirst.set(true);
        oracle.gated = true;
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:inflight?path=" + logs + "&maxBatchesInFlight=2" + FAST, oracle);
             NumberedLines.Writer writer = new NumberedLines.Writer(logs.resolve("app.log"))) {
            writer.write(TOTAL);
            await(WAIT, () -> oracle.arrived(TOTAL) == TOTAL, () -> oracle.report(TOTAL));
            await("the checkpoint at the file's end", WAIT, () -> tail.metrics().getLinesDelivered() >= TOTAL);
            assertTrue(oracle.heldFirstCompletedLast.get(), "the first batch was held until a later one was delivered");
            assertEquals(2, oracle.mostInRoute.get(), "two batches of the file were in the route at once, never more");
            assertEquals(0, oracle.lost(TOTAL), oracle.report(TOTAL));
            // the window of two: only the batch delivered beside the failed one is sent again
            assertTrue(oracle.duplicated(TOTAL) <= MAX_BATCH_LINES, oracle.report(TOTAL) + ", batches by first line: " + oracle.firsts());
        }
    }

    @Test
    void oneInFlightSendsTheBatchesOfAFileOneAfterAnotherInTheirOrder() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        GatedOracle oracle = new GatedOracle();
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:ordered?path=" + logs + "&maxBatchesInFlight=1" + FAST, oracle);
             NumberedLines.Writer writer = new NumberedLines.Writer(logs.resolve("app.log"))) {
            for (int i = 0; i < 10; i++) {
                writer.write(TOTAL / 10);
            }
            await(WAIT, () -> oracle.arrived(TOTAL) == TOTAL, () -> oracle.report(TOTAL));
            assertEquals(1, oracle.mostInRoute.get(), "one batch at a time");
            assertEquals(0, oracle.lost(TOTAL) + oracle.duplicated(TOTAL), oracle.report(TOTAL));
            List<Integer> firsts;
            synchronized (oracle) {
                firsts = new ArrayList<>(oracle.firstNumbers);
            }
            for (int i = 1; i < firsts.size(); i++) {
                assertTrue(firsts.get(i) > firsts.get(i - 1), "batches in the file's order: " + firsts);
            }
        }
    }
}
