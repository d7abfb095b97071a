package io.logcamel.input.batch;

import io.logcamel.event.LogBatch;
import io.logcamel.logstore.LogstoreConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Ships the queue's batches one at a time on its own thread, each through the route
 * synchronously: the next batch is taken only when the exchange of this one completed (the
 * Logstore acknowledged it, or the route's error handler spooled it). A failed exchange (the
 * spool full, or no spool and the Logstore down) is sent again with a growing delay, never
 * dropped: meanwhile the queue fills and the input is held back.
 *
 * <p>At stop the queue is closed and what it holds is shipped for at most {@code drainTimeout}
 * (the logstore: producer gives up its retries at once while the context stops, so the error
 * handler spools); whatever is still left is counted as lost and logged at ERROR.
 */
public class BatchConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(BatchConsumer.class);
    private static final long IDLE_WAIT_MILLIS = 500;

    private volatile boolean running;
    private volatile CountDownLatch stopped = new CountDownLatch(0);
    private BatchQueue queue;
    private Thread thread;

    public BatchConsumer(BatchEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public BatchEndpoint getEndpoint() {
        return (BatchEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        queue = getEndpoint().queue();
        running = true;
        stopped = new CountDownLatch(1);
        thread = new Thread(this::shipLoop, "batch-" + getEndpoint().getName());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    protected void doStop() throws Exception {
        queue.close();
        running = false;
        stopped.countDown();
        if (thread != null) {
            // The thread gives up its retries at once; a send under way ends with the logstore:
            // producer's own stop check.
            thread.join(Math.max(1000, getEndpoint().getDrainTimeout()));
            thread = null;
        }
        drain();
        getEndpoint().getComponent().closed(getEndpoint().getName(), queue);
        super.doStop();
    }

    private void shipLoop() {
        try {
            while (running) {
                LogBatch batch = queue.take(IDLE_WAIT_MILLIS);
                if (batch != null) {
                    shipUntilDone(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends the batch through the route until its exchange completes, or the consumer stops. */
    private void shipUntilDone(LogBatch batch) throws InterruptedException {
        BatchEndpoint endpoint = getEndpoint();
        long delay = endpoint.getRetryDelay();
        int failures = 0;
        while (true) {
            // The first pass may go to the spool without waiting on the Logstore while the queue
            // backs up; a batch that came back (the spool full) tries the Logstore in full.
            Exception failure = ship(batch, failures == 0);
            if (failure == null) {
                queue.statistics().completedBatches.incrementAndGet();
                return;
            }
            queue.statistics().failedAttempts.incrementAndGet();
            failures++;
            if (failures == 1 || failures % 10 == 0) {
                LOG.warn("batch:{}: a batch of {} events was neither delivered nor spooled ({} attempts so far),"
                        + " keeping it and holding the input back; next attempt in {} ms: {}", endpoint.getName(),
                        batch.size(), failures, delay, failure.toString());
            }
            if (!running || stopped.await(delay, TimeUnit.MILLISECONDS)) {
                requeueForDrain(batch);
                return;
            }
            delay = Math.min(delay * 2, endpoint.getMaxRetryDelay());
        }
    }

    /** A batch taken but not completed when the stop began: the drain ships it first. */
    private volatile LogBatch carried;

    private void requeueForDrain(LogBatch batch) {
        carried = batch;
    }

    /** Stop: one more attempt for each batch still in memory, within drainTimeout. */
    private void drain() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(getEndpoint().getDrainTimeout());
        LogBatch next = carried;
        carried = null;
        int lost = 0;
        try {
            while (true) {
                if (next == null) {
                    next = queue.take(0);
                }
                if (next == null) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    lost += next.size();
                    queue.statistics().lostOnStopEvents.addAndGet(next.size());
                    break;
                }
                if (ship(next, true) == null) {
                    queue.statistics().completedBatches.incrementAndGet();
                } else {
                    lost += next.size();
                    queue.statistics().lostOnStopEvents.addAndGet(next.size());
                }
                next = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lost += queue.discardRemaining();
        if (lost > 0) {
            LOG.error("batch:{}: {} events in memory could be neither delivered nor spooled before the stop"
                    + " (drainTimeout {} ms): they are lost", getEndpoint().getName(), lost,
                    getEndpoint().getDrainTimeout());
        }
    }

    /** One pass through the route; the failure, or null when the exchange completed. */
    private Exception ship(LogBatch batch, boolean mayGiveUp) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getIn().setBody(batch);
            // Retrying a request while batches pile up behind it would fill the queue: give the
            // batch to the route's error handler (the spool) instead.
            if (mayGiveUp) {
                exchange.setProperty(LogstoreConstants.GIVE_UP_RETRIES, (BooleanSupplier) queue::isBackingUp);
            }
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                return exchange.getException();
            }
            return exchange.isRollbackOnly() ? new IllegalStateException("exchange marked rollback only") : null;
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
