package io.logcamel.spool;

import io.logcamel.event.LogBatch;
import io.logcamel.logstore.LogstoreException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays spooled batches in order, one at a time, on its own thread. A record is acknowledged
 * (and eventually deleted) only when the route completed its exchange without an exception;
 * otherwise the same record is retried after a delay that doubles up to maxRetryDelay, so a
 * Logstore that is still down is not hammered and later records never overtake earlier ones.
 *
 * <p>The replay route must let failures through: an error handler there that handles exceptions
 * (a dead-letter channel back into this spool, say) would make a failed replay look delivered.
 */
public class SpoolConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolConsumer.class);

    private final AtomicLong failedReplays = new AtomicLong();
    private int failuresInARow;
    private volatile Exception lastFailure;
    private volatile boolean running;
    private volatile CountDownLatch stopped;
    private Thread thread;

    public SpoolConsumer(SpoolEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public SpoolEndpoint getEndpoint() {
        return (SpoolEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        stopped = new CountDownLatch(1);
        thread = new Thread(this::replayLoop, "spool-replay-" + getEndpoint().getName());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        stopped.countDown();
        SpoolStore store = getEndpoint().store();
        if (store != null) {
            store.wakeUp();
        }
        if (thread != null) {
            // No interrupt: it would close the store's file channels mid-read.
            thread.join(TimeUnit.SECONDS.toMillis(30));
            thread = null;
        }
        super.doStop();
    }

    private void replayLoop() {
        SpoolEndpoint endpoint = getEndpoint();
        long delay = endpoint.getRetryDelay();
        while (running) {
            try {
                SpoolStore store = endpoint.store();
                SpoolEntry entry = store.next();
                if (entry == null) {
                    store.sync();
                    store.awaitPending(endpoint.getIdleDelay());
                    continue;
                }
                Outcome outcome = replay(entry);
                if (outcome == Outcome.DELIVERED) {
                    if (failuresInARow > 0) {
                        LOG.info("spool:{} replays again after {} failed attempts", endpoint.getName(), failuresInARow);
                        failuresInARow = 0;
                    }
                    store.acknowledge(entry);
                    delay = endpoint.getRetryDelay();
                } else if (outcome == Outcome.REFUSED_FOR_GOOD) {
                    store.discard(entry);
                    delay = endpoint.getRetryDelay();
                } else {
                    failedReplays.incrementAndGet();
                    if (++failuresInARow == 1 || failuresInARow % 10 == 0) {
                        LOG.warn("spool:{} replay of the record at offset {} failed ({} attempts in a row), next attempt"
                                + " in {} ms: {}", endpoint.getName(), entry.offset(), failuresInARow, delay,
                                String.valueOf(lastFailure));
                    }
                    stopped.await(delay, TimeUnit.MILLISECONDS);
                    delay = Math.min(delay * 2, endpoint.getMaxRetryDelay());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                getExceptionHandler().handleException("spool:" + endpoint.getName() + " replay failed", e);
                try {
                    stopped.await(delay, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                delay = Math.min(delay * 2, endpoint.getMaxRetryDelay());
            }
        }
    }

    private enum Outcome { DELIVERED, FAILED, REFUSED_FOR_GOOD }

    private Outcome replay(SpoolEntry entry) {
        Exchange exchange = createExchange(false);
        try {
            LogBatch batch = SpoolBatchCodec.decode(entry.record().body());
            exchange.getIn().setBody(batch);
            exchange.getIn().setHeader(SpoolConstants.CREATED, entry.record().createdMillis());
            exchange.getIn().setHeader(SpoolConstants.DESTINATION, entry.record().destination());
            exchange.getIn().setHeader(SpoolConstants.OFFSET, entry.offset());
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            boolean delivered = exchange.getException() == null && !exchange.isRollbackOnly();
            if (delivered) {
                return Outcome.DELIVERED;
            }
            LogstoreException refusal = exchange.getException(LogstoreException.class);
            if (refusal != null && !refusal.isRetryable()) {
                LOG.error("spool:{} record at offset {} ({} logs) is refused by the Logstore as it is ({}): no retry"
                        + " can deliver it, so it is discarded (counted in discardedLogs): {}", getEndpoint().getName(),
                        entry.offset(), entry.record().logCount(), refusal.errorCode(), refusal.getMessage());
                return Outcome.REFUSED_FOR_GOOD;
            }
            lastFailure = exchange.getException();
            return Outcome.FAILED;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** Replay attempts that failed and will be retried. */
    public long failedReplays() {
        return failedReplays.get();
    }
}
