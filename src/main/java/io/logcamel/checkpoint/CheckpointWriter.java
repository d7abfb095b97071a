package io.logcamel.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Writes snapshots on a thread of its own so that an fsync never holds up reading. Only the newest
 * pending snapshot is written: while one write is in progress, later ones replace each other, so
 * the store is never more than one write behind the acknowledged state.
 */
final class CheckpointWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);
    private static final long RETRY_MILLIS = 1000;

    private final CheckpointFile file;
    private final Thread thread;
    private CheckpointSnapshot pending;
    private boolean writing;
    private boolean closed;

    private final CheckpointStore.WriteListener listener;

    CheckpointWriter(CheckpointFile file, String name, CheckpointStore.WriteListener listener) {
        this.file = file;
        this.listener = listener;
        this.thread = new Thread(this::run, "checkpoint-writer-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    synchronized void submit(CheckpointSnapshot snapshot) {
        pending = snapshot;
        notifyAll();
    }

    /** Waits until everything submitted is on disk (or failed), then stops the thread. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until nothing is pending or being written. */
    synchronized void awaitIdle() throws InterruptedException {
        while (pending != null || writing) {
            wait(100);
        }
    }

    private void run() {
        while (true) {
            CheckpointSnapshot next;
            synchronized (this) {
                while (pending == null && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending == null) {
                    return; // closed and drained
                }
                next = pending;
                pending = null;
                writing = true;
            }
            try {
                file.write(next);
                listener.written(true, null);
            } catch (IOException | RuntimeException e) {
                listener.written(false, e.toString());
                LOG.warn("Cannot write checkpoints of config {}: {}; retrying", next.configName(), e.toString());
                synchronized (this) {
                    if (pending == null) {
                        pending = next; // nothing newer arrived: this one must still reach the disk
                    }
                    if (closed) {
                        writing = false;
                        notifyAll();
                        return;
                    }
                    try {
                        wait(RETRY_MILLIS);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            } finally {
                synchronized (this) {
                    writing = false;
                    notifyAll();
                }
            }
        }
    }
}
