package io.logcamel.tail;

import io.logcamel.checkpoint.CheckpointStore;
import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the files of one config on a thread of its own and sends one exchange per batch.
 *
 * <p>One batch is in flight at a time, processed on a delivery thread while the reader thread builds
 * the next one (reading overlaps parsing, encoding and sending, on two cores). Batches are delivered
 * in the order they were read, and a file's checkpoint moves only after its exchange completed
 * without exception. A failed exchange sends the file's reader back to the checkpoint, dropping
 * what was read ahead; the same data is read and sent again after a growing delay, never skipped.
 * All file state is touched by the reader thread only; the delivery thread only runs the route.
 */
public class TailConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(TailConsumer.class);
    private static final long MAX_IDLE_WAIT_MILLIS = 100;
    private static final long EXPIRE_INTERVAL_MILLIS = 60_000;

    private final TailEndpoint endpoint;
    private final TailConfiguration config;
    private final TailMetrics metrics;
    private final Pattern topicPattern;
    private final long orphanGraceMillis;
    private volatile boolean running;
    private CountDownLatch finished;
    private ExecutorService executor;
    private ExecutorService deliveryExecutor;
    private InFlight inFlight;
    private DirectoryWatcher watcher;
    private CheckpointStore store;
    private FileRegistry registry;
    private volatile boolean sweepRequested;
    private volatile boolean paused;

    public TailConsumer(TailEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
        this.metrics = endpoint.getMetrics();
        this.topicPattern = TailConfiguration.compile("topicPattern", config.getTopicPattern());
        // a rotated file may still be written until its writer reopens; give it a moment
        this.orphanGraceMillis = Math.max(2 * config.getPollInterval(), 2000);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        store = new CheckpointStore(Path.of(config.getCheckpointDir()), config.getName(),
                config.getCheckpointFlushInterval(), config.getCheckpointRetention(), config.getRereadFromStart());
        registry = new FileRegistry(config, store, metrics);
        watcher = new DirectoryWatcher();
        running = true;
        finished = new CountDownLatch(1);
        executor = endpoint.getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "tail-" + config.getName());
        deliveryExecutor = endpoint.getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "tail-" + config.getName() + "-delivery");
        executor.submit(this::run);
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (finished != null && !finished.await(60, TimeUnit.SECONDS)) {
            LOG.warn("Tail {}: reader did not stop within 60 s", config.getName());
        }
        if (executor != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
        if (deliveryExecutor != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(deliveryExecutor);
            deliveryExecutor = null;
        }
        super.doStop();
    }

    /** Suspending the route pauses reading; offsets and open files are kept, reading resumes where it was. */
    @Override
    protected void doSuspend() throws Exception {
        paused = true;
        super.doSuspend();
    }

    @Override
    protected void doResume() throws Exception {
        paused = false;
        super.doResume();
    }

    private void run() {
        try {
            long now = System.currentTimeMillis();
            registry.sweep(now, true, watcher);
            long nextSweep = now + config.getPollInterval();
            long nextExpire = now + EXPIRE_INTERVAL_MILLIS;
            while (running && isRunAllowed()) {
                now = System.currentTimeMillis();
                settleInFlight(false, now);
                if (paused) {
                    settleInFlight(true, now);
                    flushCheckpoints(now, false);
                    Thread.sleep(MAX_IDLE_WAIT_MILLIS);
                    continue;
                }
                if (sweepRequested || now >= nextSweep) {
                    sweepRequested = false;
                    registry.sweep(now, false, watcher);
                    nextSweep = now + config.getPollInterval();
                }
                boolean progressed = false;
                for (TailedFile file : registry.snapshot()) {
                    if (!running) {
                        break;
                    }
                    progressed |= service(file, now);
                }
                closeFinishedFiles(now);
                if (now >= nextExpire) {
                    store.expire(now);
                    nextExpire = now + EXPIRE_INTERVAL_MILLIS;
                }
                flushCheckpoints(now, false);
                if (!progressed && running) {
                    if (inFlight != null) {
                        inFlight.awaitDone(MAX_IDLE_WAIT_MILLIS);
                    } else if (watcher.await(Math.min(MAX_IDLE_WAIT_MILLIS, config.getPollInterval()))) {
                        sweepRequested = true;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            LOG.error("Tail {}: reader stopped by an unexpected error", config.getName(), e);
        } finally {
            settleInFlight(true, System.currentTimeMillis());
            for (TailedFile file : registry.snapshot()) {
                if (file.isOpen()) {
                    metrics.filesOpen.decrementAndGet();
                }
                file.close();
            }
            flushCheckpoints(System.currentTimeMillis(), true);
            watcher.close();
            finished.countDown();
        }
    }

    /** Reads what is new in one file and sends a batch when one is due. Returns true if anything happened. */
    private boolean service(TailedFile file, long now) {
        if (!file.isOpen() || now < file.retryAt) {
            return false;
        }
        try {
            long size = file.channel.size();
            boolean truncated = size < file.reader.readPosition()
                    || file.atEof && size > file.reader.readPosition() && file.headChanged();
            if (!truncated && file.identity.headSize() < FileIdentity.HEAD_BYTES && size > file.identity.headSize()) {
                // a file first seen shorter than the head: confirm what we know before hashing more of it
                truncated = file.headChanged();
                if (!truncated) {
                    registry.extendHead(file, size);
                }
            }
            if (truncated) {
                // lines already read from the old content are real data: send them before starting over
                settleInFlight(true, now);
                passOnUnfinished(file);
                if (!file.batch.isEmpty()) {
                    deliver(file, now);
                    settleInFlight(true, now);
                }
                registry.restartAtZero(file, now, "was truncated");
            }
            boolean progressed = read(file, now);
            if (file.atEof) {
                expireUnfinished(file, now);
            }
            if (file.batch.isFull() || (!file.batch.isEmpty() && (now - file.batch.firstLineAt() >= config.getBatchLinger()
                    || file.orphan && file.atEof))) {
                deliver(file, now);
                return true;
            }
            if (!file.inFlight && file.batch.isEmpty() && file.settledOffset() > file.committedOffset) {
                // only dropped lines since the last batch: nothing to send, but the checkpoint may move
                commit(file, file.settledOffset(), now);
            }
            return progressed;
        } catch (IOException e) {
            metrics.readErrors.incrementAndGet();
            LOG.warn("Tail {}: cannot read {}: {}", config.getName(), file.path, e.toString());
            backOff(file, now);
            return false;
        }
    }

    private boolean read(TailedFile file, long now) throws IOException {
        boolean progressed = false;
        LineSink sink = file.lineSink();
        file.batch.stamp(now);
        while (!file.batch.isFull()) {
            if (!file.reader.drain(sink)) {
                break;
            }
            if (file.reader.fill(file.channel) == 0) {
                file.atEof = true;
                break;
            }
            file.atEof = false;
            file.lastGrowthAt = now;
            progressed = true;
        }
        return progressed;
    }

    /** At end of file: an unfinished last line or an open record is passed on once its timeout expired. */
    private void expireUnfinished(TailedFile file, long now) {
        boolean orphanDone = file.orphan && now - file.lastGrowthAt >= orphanGraceMillis;
        if (file.reader.hasPartialLine() && (orphanDone || now - file.lastGrowthAt >= config.getLastLineTimeout())) {
            file.reader.flushPartialLine(file.lineSink());
        }
        if (file.multiline != null && file.multiline.hasOpenRecord()
                && (orphanDone || now - file.multiline.lastLineAt() >= config.getMultilineFlushTimeout())) {
            file.multiline.closeRecord();
        }
    }

    private void passOnUnfinished(TailedFile file) {
        file.reader.flushPartialLine(file.lineSink());
        if (file.multiline != null) {
            file.multiline.closeRecord();
        }
    }

    /** Hands the file's batch to the delivery thread, once the batch before it has completed. */
    private void deliver(TailedFile file, long now) {
        settleInFlight(true, now);
        if (file.batch.isEmpty()) {
            return; // the batch before it failed: the file was sent back to its checkpoint
        }
        long endOffset = file.settledOffset();
        List<LogEvent> events = file.batch.take();
        LogBatch batch = new LogBatch(events)
                .topic(topicOf(file.path))
                .source(HostIdentity.address())
                .tag(TailConstants.TAG_PATH, file.path)
                .tag(TailConstants.TAG_HOSTNAME, HostIdentity.hostName())
                .position(new TailFilePosition(file.path, file.identity.device(), file.identity.inode(),
                        file.identity.headHash(), file.identity.headSize(), endOffset));
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(batch);
        exchange.getMessage().setHeader(TailConstants.PATH, file.path);
        exchange.getMessage().setHeader(TailConstants.END_OFFSET, endOffset);
        exchange.getMessage().setHeader(TailConstants.LINES, events.size());
        file.inFlight = true;
        inFlight = new InFlight(file, endOffset, events.size(), exchange, deliveryExecutor.submit(() -> {
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
        }));
    }

    /** Applies the outcome of the batch in flight: commit on success, back to the checkpoint on failure. */
    private void settleInFlight(boolean wait, long now) {
        InFlight done = inFlight;
        if (done == null || !wait && !done.future.isDone()) {
            return;
        }
        try {
            done.future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.exchange.setException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            done.exchange.setException(e.getCause() instanceof Exception cause ? cause : e);
        }
        inFlight = null;
        TailedFile file = done.file;
        file.inFlight = false;
        Exception failure = done.exchange.getException();
        if (failure == null) {
            metrics.batchesDelivered.incrementAndGet();
            metrics.linesDelivered.addAndGet(done.lines);
            metrics.bytesDelivered.addAndGet(done.endOffset - file.committedOffset);
            file.retryDelay = 0;
            commit(file, done.endOffset, now);
        } else {
            metrics.batchesFailed.incrementAndGet();
            getExceptionHandler().handleException("Tail " + config.getName() + ": delivery of " + done.lines
                    + " lines of " + file.path + " failed; they are read and sent again", done.exchange, failure);
            file.rewindTo(file.committedOffset);
            backOff(file, now);
        }
        releaseExchange(done.exchange, false);
    }

    /** The batch being delivered. */
    private record InFlight(TailedFile file, long endOffset, int lines, Exchange exchange, Future<?> future) {
        void awaitDone(long millis) throws InterruptedException {
            try {
                future.get(millis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ignored) {
                // settled by the loop
            }
        }
    }

    private void commit(TailedFile file, long offset, long now) {
        file.committedOffset = offset;
        store.put(registry.checkpoint(file, offset, now));
    }

    private void backOff(TailedFile file, long now) {
        file.retryDelay = file.retryDelay == 0 ? config.getRetryDelay() : Math.min(file.retryDelay * 2, config.getMaxRetryDelay());
        file.retryAt = now + file.retryDelay;
    }

    /** Closes orphans read to their end, idle files, and the oldest finished orphans beyond the rotated queue. */
    private void closeFinishedFiles(long now) {
        int openOrphans = 0;
        for (TailedFile file : registry.files()) {
            if (file.isOpen() && file.orphan) {
                openOrphans++;
            }
        }
        for (TailedFile file : registry.snapshot()) {
            if (!file.isOpen() || file.inFlight || !file.atEof || !file.isSettled() || now < file.retryAt) {
                continue;
            }
            long idle = now - file.lastGrowthAt;
            if (file.orphan && (idle >= orphanGraceMillis || openOrphans > config.getRotatedQueueSize())) {
                file.close();
                metrics.filesOpen.decrementAndGet();
                registry.forget(file);
                openOrphans--;
            } else if (!file.orphan && idle >= config.getIdleCloseTimeout()) {
                try {
                    file.closedSize = file.channel.size();
                    file.closedModified = java.nio.file.Files.getLastModifiedTime(Path.of(file.path)).toMillis();
                } catch (IOException | RuntimeException e) {
                    file.closedSize = -1;
                }
                file.close();
                metrics.filesOpen.decrementAndGet();
            }
        }
    }

    private void flushCheckpoints(long now, boolean force) {
        try {
            if (force) {
                store.close(now);
            } else {
                store.flushInBackground(now);
            }
        } catch (RuntimeException e) {
            // disk full or read-only: keep reading; the store stays dirty and is written when it can be
            LOG.warn("Tail {}: {}", config.getName(), e.getMessage());
        }
    }

    private String topicOf(String path) {
        if (topicPattern == null) {
            return "";
        }
        Matcher matcher = topicPattern.matcher(path);
        return matcher.find() && matcher.group(1) != null ? matcher.group(1) : "";
    }
}
