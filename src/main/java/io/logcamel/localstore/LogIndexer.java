package io.logcamel.localstore;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Moves accepted PutLogs from the {@link Journal} into the {@link LogTable} on a thread of its
 * own, many requests per transaction. This is what keeps the database's commits, checkpoints and
 * single writer off the PutLogs path: a request waits for its fsync, never for DuckDB.
 *
 * <p>Queries ask {@link #awaitIndexed} to see everything accepted before they began, so a client
 * reads its own writes as long as the indexer keeps up; when it is further behind than the wait
 * allows, the query answers what is stored and says {@code Incomplete}, as Log Service does.
 */
final class LogIndexer implements AutoCloseable {

    /**
     * Journal bytes (bodies as received) per transaction. Measured: parsed logs compress so well
     * that 4 MB decoded into a few hundred MB of events and the collector took 23 s of a 30 s run;
     * 1 MB keeps a transaction to some 10-30 MB of raw logs at the same indexing rate.
     */
    static final long CHUNK_BYTES = 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(LogIndexer.class);
    private static final long MAX_RETRY_DELAY_MILLIS = 10_000;

    private final Journal journal;
    private final LogTable table;
    private final LocalstoreStats stats;
    private final Object signal = new Object();
    private final Thread thread;
    private volatile long indexed;
    private volatile boolean stopping;
    private volatile long drainDeadlineNanos;

    LogIndexer(Journal journal, LogTable table, LocalstoreStats stats) {
        this.journal = journal;
        this.table = table;
        this.stats = stats;
        this.indexed = table.indexedOffset();
        this.thread = new Thread(this::run, "localstore-indexer");
        thread.setDaemon(true);
        journal.onDurable(this::wake);
    }

    void start() {
        long backlog = journal.durableEnd() - indexed;
        if (backlog > 0) {
            LOG.infof("local Logstore: %d journal bytes accepted before the last stop are not indexed yet; indexing them now", backlog);
        }
        thread.start();
    }

    /** Journal offset up to which everything is in the database. */
    long indexedOffset() {
        return indexed;
    }

    /** Accepted journal bytes not yet in the database. */
    long backlogBytes() {
        return Math.max(0, journal.durableEnd() - indexed);
    }

    /** Waits until everything before {@code offset} is queryable; false if that took longer than {@code timeoutMillis}. */
    boolean awaitIndexed(long offset, long timeoutMillis) throws InterruptedException {
        if (indexed >= offset) {
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (signal) {
            while (indexed < offset) {
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    return false;
                }
                signal.wait(remaining);
            }
        }
        return true;
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        int failures = 0;
        while (true) {
            long durable = journal.durableEnd();
            if (indexed >= durable) {
                if (stopping) {
                    return;
                }
                synchronized (signal) {
                    if (journal.durableEnd() <= indexed && !stopping) {
                        try {
                            signal.wait(1000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                continue;
            }
            if (stopping && System.nanoTime() > drainDeadlineNanos) {
                LOG.infof("local Logstore indexer stopped with %d journal bytes left: they are indexed at the next start",
                        durable - indexed);
                return;
            }
            try {
                indexChunk();
                failures = 0;
            } catch (IOException | java.sql.SQLException | RuntimeException e) {
                failures++;
                long delay = Math.min(MAX_RETRY_DELAY_MILLIS, 100L << Math.min(failures, 7));
                if (failures == 1 || failures % 10 == 0) {
                    LOG.errorf(e, "local Logstore indexer failed %d time(s) at journal offset %d, retrying in %d ms: %s",
                            failures, indexed, delay, e.getMessage());
                }
                if (stopping && failures >= 3) {
                    return;
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void indexChunk() throws IOException, java.sql.SQLException {
        List<Journal.Entry> entries = journal.read(indexed, CHUNK_BYTES);
        if (entries.isEmpty()) {
            return;
        }
        List<LogTable.Incoming> incoming = new ArrayList<>(entries.size());
        long rows = 0;
        for (Journal.Entry entry : entries) {
            try {
                IngestRecord record = IngestRecord.decode(entry.payload());
                LogTable.Incoming one = new LogTable.Incoming(record.project(), record.logstore(), record.batch());
                incoming.add(one);
                rows += one.batch().size();
            } catch (IOException | RuntimeException e) {
                // PutLogs decoded it before accepting it: only a bug or a damaged disk gets here; say so, count it
                stats.recordDropped();
                LOG.errorf(e, "local Logstore journal record at offset %d cannot be read and is skipped: %s",
                        entry.offset(), e.getMessage());
            }
        }
        long next = entries.get(entries.size() - 1).nextOffset();
        table.append(incoming, next);
        indexed = next;
        stats.rowsIndexed(rows);
        wake();
        journal.deleteBefore(next);
    }

    /**
     * Stops after indexing what the journal holds, for at most {@code drainMillis}; what is left
     * stays in the journal for the next start.
     */
    void stop(long drainMillis) {
        drainDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis);
        stopping = true;
        wake();
        try {
            thread.join(drainMillis + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop(10_000);
    }
}
