package io.logcamel.tail;

import io.logcamel.checkpoint.CheckpointStore;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Suspendable;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Camel side of a tail config: three threads around a {@link TailEngine}.
 * <ul>
 *   <li><b>discovery</b> waits for inotify events or the poll interval and sweeps; every new inode is
 *       opened at once ({@link Discovery}). It never waits for reading or delivery.</li>
 *   <li><b>reader</b> steps the engine: reads into the bounded {@link ReadAhead}, applies answers,
 *       moves checkpoints.</li>
 *   <li><b>delivery</b> ({@code maxBatchesInFlight} threads) takes batches in read order and runs one
 *       exchange per batch through the route; while one thread waits for the destination's answer,
 *       the next batch is parsed, encoded and sent. Answers may come back out of order: the engine
 *       moves a file's checkpoint only over its acknowledged prefix ({@link OrderedAcks}).</li>
 * </ul>
 * Suspending the route stops reading and delivering new batches (the one in flight completes);
 * discovery goes on holding new files open. Camel's graceful shutdown suspends first, waits for the
 * exchange in flight, then stops: the checkpoints are written last, so a clean stop re-sends nothing.
 */
public class TailConsumer extends DefaultConsumer implements Suspendable {

    private static final Logger LOG = LoggerFactory.getLogger(TailConsumer.class);
    private static final long MAX_IDLE_WAIT_MILLIS = 100;
    private static final long STOP_WAIT_SECONDS = 60;
    private static final long MODIFIED_SWEEP_GAP_MILLIS = 200;
    /**
     * After a write event discovery looks again only this much later: an application writing line by
     * line makes thousands of events a second, and waking the reader for each costs more than it
     * saves (the reader also looks every 100 ms by itself). Events of that time are taken together.
     */
    private static final long WRITE_WAKE_GAP_MILLIS = 50;

    private final TailEndpoint endpoint;
    private final TailConfiguration config;
    private final TailMetrics metrics;
    private final Object signal = new Object();
    private boolean signalled;
    private volatile boolean running;
    private CheckpointStore store;
    private DirectoryWatcher watcher;
    private Discovery discovery;
    private ReadAhead readAhead;
    private TailEngine engine;
    private PodDirectory podDirectory;
    /** How long a start waits for the Kubernetes API before judging files by their pods' labels. */
    private static final long FIRST_VIEW_WAIT_MILLIS = 5_000;
    private ExecutorService threads;
    private CountDownLatch discoveryDone;
    private CountDownLatch readerDone;
    private CountDownLatch deliveryDone;

    public TailConsumer(TailEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
        this.metrics = endpoint.getMetrics();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        store = new CheckpointStore(Path.of(config.getCheckpointDir()), config.getName(),
                config.getCheckpointFlushInterval(), config.getCheckpointRetention(), config.getRereadFromStart());
        watcher = new DirectoryWatcher();
        store.setWriteListener(metrics::checkpointWritten);
        PathScanner scanner = new PathScanner(config.baseDirectories(), config.includes(), config.excludes(), config.getMaxDepth());
        PodFilter pods = new PodFilter(config);
        podDirectory = config.isKubernetesApi() ? PodDirectory.start(config, metrics) : null;
        if (podDirectory != null) {
            PodDirectory directory = podDirectory;
            if (directory.hasSelector()) {
                directory.awaitFirstView(FIRST_VIEW_WAIT_MILLIS);
            }
            scanner.filter(file -> pods.test(file) && selectedByLabels(directory, file));
        } else if (!pods.isEmpty()) {
            scanner.filter(pods);
        }
        discovery = new Discovery(scanner, watcher, metrics);
        readAhead = new ReadAhead(config.getReadAheadBytes(), config.getMaxBatchesInFlight());
        engine = new TailEngine(config, store, metrics, readAhead, discovery, this::wakeUp);
        engine.hold(endpoint.flow().isPaused());
        engine.enrichWith(podDirectory);
        // the first sweep is applied before the route counts as started: its files are held and the
        // checkpoint store exists, so even a crash right after start is not taken for a first run
        long now = System.currentTimeMillis();
        engine.offer(discovery.sweep(true));
        engine.step(now);
        running = true;
        discoveryDone = new CountDownLatch(1);
        readerDone = new CountDownLatch(1);
        int deliveryThreads = config.getMaxBatchesInFlight();
        deliveryDone = new CountDownLatch(deliveryThreads);
        ExecutorServiceManager manager = endpoint.getCamelContext().getExecutorServiceManager();
        threads = manager.newFixedThreadPool(this, "tail-" + config.getName(), 2 + deliveryThreads);
        threads.submit(this::runDiscovery);
        threads.submit(this::runReader);
        for (int i = 0; i < deliveryThreads; i++) {
            threads.submit(this::runDelivery);
        }
    }

    /** The endpoint's flow control paused or resumed reading (the resource guard). */
    void hold(boolean hold) {
        TailEngine current = engine;
        if (current != null) {
            current.hold(hold);
            if (!hold) {
                // a held reader sleeps its idle wait: under a CPU limit the guard resumes every
                // 200 ms, and up to 100 ms of each turn went by with nothing read
                wakeUp();
            }
        }
    }

    @Override
    protected void doSuspend() throws Exception {
        engine.pause(true);
        readAhead.pause(true);
        super.doSuspend();
    }

    @Override
    protected void doResume() throws Exception {
        engine.pause(false);
        readAhead.pause(false);
        super.doResume();
        wakeUp();
    }

    @Override
    protected void doStop() throws Exception {
        if (engine != null) {
            running = false;
            readAhead.pause(true); // the batches in flight complete; nothing new is taken
            wakeUp();
            await(deliveryDone, "delivery of the batches in flight");
            watcher.close();
            await(discoveryDone, "discovery");
            await(readerDone, "the reader");
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(threads);
            engine = null;
        }
        if (podDirectory != null) {
            podDirectory.close();
            podDirectory = null;
        }
        super.doStop();
    }

    private static boolean selectedByLabels(PodDirectory directory, Path file) {
        PodLogPath pod = PodLogPath.parse(file.toString());
        return pod == null || directory.selects(pod.namespace(), pod.pod());
    }

    private void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("Tail {}: {} did not stop within {} s", config.getName(), what, STOP_WAIT_SECONDS);
        }
    }

    private void runDiscovery() {
        try {
            long lastSweep = System.currentTimeMillis();
            long modifiedSweepGap = Math.min(config.getPollInterval(), MODIFIED_SWEEP_GAP_MILLIS);
            long writeWakeGap = Math.min(config.getPollInterval(), WRITE_WAKE_GAP_MILLIS);
            while (running) {
                long wait = Math.max(1, lastSweep + config.getPollInterval() - System.currentTimeMillis());
                int events = watcher.await(wait);
                if (events == DirectoryWatcher.MODIFIED) {
                    wakeUp();
                }
                long now = System.currentTimeMillis();
                // a write also reopens an idle-closed file at once (rate-limited), before a
                // copytruncate could take its new lines away; with every file open the reader sees
                // writes by itself, and a sweep per write would only cost
                boolean due = now - lastSweep >= config.getPollInterval()
                        || events == DirectoryWatcher.STRUCTURAL
                        || events == DirectoryWatcher.MODIFIED && now - lastSweep >= modifiedSweepGap
                                && engine.hasIdleClosedFiles();
                if (running && due) {
                    engine.offer(discovery.sweep(false));
                    lastSweep = now;
                }
                if (events == DirectoryWatcher.MODIFIED && running) {
                    Thread.sleep(writeWakeGap);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            LOG.error("Tail {}: discovery stopped by an unexpected error", config.getName(), e);
        } finally {
            discoveryDone.countDown();
        }
    }

    private void runReader() {
        try {
            long idleWait = Math.max(1, Math.min(MAX_IDLE_WAIT_MILLIS, config.getBatchLinger()));
            while (running) {
                long now = System.currentTimeMillis();
                boolean progressed = engine.step(now);
                engine.flushCheckpoints(now);
                if (!progressed) {
                    awaitSignal(idleWait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            LOG.error("Tail {}: reader stopped by an unexpected error", config.getName(), e);
            running = false; // nothing reads or commits any more: stop delivering too
        } finally {
            try {
                deliveryDone.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int dropped = readAhead.clear();
            LOG.debug("Tail {}: stopping; {} batches read ahead are read again next time", config.getName(), dropped);
            engine.stop(System.currentTimeMillis());
            readerDone.countDown();
        }
    }

    private void runDelivery() {
        try {
            while (running) {
                PendingBatch batch = readAhead.take(MAX_IDLE_WAIT_MILLIS);
                if (batch != null) {
                    deliver(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            LOG.error("Tail {}: delivery stopped by an unexpected error", config.getName(), e);
        } finally {
            deliveryDone.countDown();
        }
    }

    /** One exchange per batch; its outcome goes back to the engine, which moves the checkpoint or reads again. */
    private void deliver(PendingBatch batch) {
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(batch.batch());
        exchange.getMessage().setHeader(TailConstants.PATH, batch.batch().tags().get(TailConstants.TAG_PATH));
        exchange.getMessage().setHeader(TailConstants.END_OFFSET, batch.endOffset());
        exchange.getMessage().setHeader(TailConstants.LINES, batch.lines());
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        // the engine first: a failure makes the file's later batches stale before its window lets
        // another delivery thread take one of them
        engine.delivered(batch, failure);
        readAhead.release(batch);
        // the engine's wake-up came before the release: a reader that looked for room in between
        // found none and would sleep its idle wait while delivery waits for the next batch
        wakeUp();
        releaseExchange(exchange, false);
    }

    private void wakeUp() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    private void awaitSignal(long millis) throws InterruptedException {
        synchronized (signal) {
            if (!signalled) {
                signal.wait(millis);
            }
            signalled = false;
        }
    }
}
