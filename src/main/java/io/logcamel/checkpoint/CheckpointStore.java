package io.logcamel.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checkpoints of one collection config: kept in memory, written durably by {@link CheckpointFile}.
 *
 * <p>Entries only move forward when the caller says data was delivered. Snapshots are written by a
 * background {@link CheckpointWriter} (an fsync takes milliseconds and must not hold up reading),
 * at most one per {@code flushIntervalMillis}; with 0, one per change, coalesced while a write is in
 * progress. After a crash the duplicates are bounded by what was acknowledged during the last
 * interval or write, plus the batch in flight; {@link #close()} writes everything. Entries whose file
 * has not been seen for {@code retentionMillis} are dropped, so the store does not grow forever.
 * Not thread safe: one consumer thread owns it.
 */
public final class CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

    private final CheckpointFile file;
    private final String configName;
    private final long flushIntervalMillis;
    private final long retentionMillis;
    private final Map<String, FileCheckpoint> entries = new HashMap<>();
    private final boolean existedBefore;
    private final String rereadToken;
    private final boolean resetByToken;
    private final long loadedSavedAt;
    private final List<FileCheckpoint> loadedEntries;
    private long sequence;
    private boolean dirty;
    private long lastFlush;
    private CheckpointWriter writer;
    private volatile WriteListener listener = (ok, error) -> { };

    /** Told the outcome of every checkpoint write, so that status and health can show a failing disk. */
    public interface WriteListener {
        /** {@code error} is null when {@code ok}. */
        void written(boolean ok, String error);
    }

    public void setWriteListener(WriteListener listener) {
        this.listener = listener == null ? (ok, error) -> { } : listener;
    }

    /**
     * @param rereadToken when non-empty and different from the token saved with the stored entries,
     *                    the stored entries are discarded so that every file is read from the start once
     */
    public CheckpointStore(Path directory, String configName, long flushIntervalMillis, long retentionMillis,
                           String rereadToken) {
        this.file = new CheckpointFile(directory, configName);
        this.configName = configName;
        this.flushIntervalMillis = flushIntervalMillis;
        this.retentionMillis = retentionMillis;
        this.rereadToken = rereadToken == null ? "" : rereadToken;
        this.existedBefore = file.exists();
        Optional<CheckpointSnapshot> loaded = file.load();
        boolean reset = false;
        this.loadedSavedAt = loaded.map(CheckpointSnapshot::savedAt).orElse(0L);
        if (loaded.isPresent()) {
            CheckpointSnapshot snapshot = loaded.get();
            sequence = snapshot.sequence();
            if (!this.rereadToken.isEmpty() && !this.rereadToken.equals(snapshot.rereadToken())) {
                LOG.info("Config {}: rereadFromStart token '{}' is new; dropping {} checkpoints, files are read from the start",
                        configName, this.rereadToken, snapshot.entries().size());
                reset = true;
                dirty = true;
            } else {
                snapshot.entries().forEach(e -> entries.put(e.key(), e));
            }
        } else if (!this.rereadToken.isEmpty()) {
            reset = true;
            dirty = true;
        }
        this.resetByToken = reset;
        this.loadedEntries = List.copyOf(entries.values());
    }

    /** The entries as loaded at start, before this run changed any (a reused inode overwrites its entry). */
    public List<FileCheckpoint> loadedEntries() {
        return loadedEntries;
    }

    /** True when this config has stored checkpoints from an earlier run (even if they were all reset). */
    public boolean existedBefore() {
        return existedBefore;
    }

    /**
     * When the loaded state was written (epoch millis; 0 when none was loaded): a file modified
     * after it was written to while this config was not running.
     */
    public long loadedSavedAt() {
        return loadedSavedAt;
    }

    /** True when a new {@code rereadFromStart} token discarded the stored entries at load. */
    public boolean resetByToken() {
        return resetByToken;
    }

    public Optional<FileCheckpoint> find(long device, long inode) {
        return Optional.ofNullable(entries.get(FileCheckpoint.key(device, inode)));
    }

    public Collection<FileCheckpoint> entries() {
        return entries.values();
    }

    /** Records a delivered position (or a fresh file's start). Durable after the next {@link #maybeFlush}. */
    public void put(FileCheckpoint checkpoint) {
        entries.put(checkpoint.key(), checkpoint);
        dirty = true;
    }

    /** Notes that the file still exists; keeps its entry from expiring. Not worth a write by itself. */
    public void markSeen(long device, long inode, String path, long now) {
        String key = FileCheckpoint.key(device, inode);
        FileCheckpoint entry = entries.get(key);
        if (entry != null) {
            entries.put(key, entry.seen(now, path));
        }
    }

    /** Drops entries of files unseen for longer than the retention. Returns how many went. */
    public int expire(long now) {
        int before = entries.size();
        entries.values().removeIf(e -> now - e.seenAt() > retentionMillis);
        int removed = before - entries.size();
        if (removed > 0) {
            dirty = true;
            LOG.debug("Config {}: dropped {} checkpoints of files gone for over {} ms", configName, removed, retentionMillis);
        }
        return removed;
    }

    /** Writes if there are changes and the flush interval has passed. */
    public void maybeFlush(long now) {
        if (dirty && now - lastFlush >= flushIntervalMillis) {
            flush(now);
        }
    }

    /** Writes now (synchronously) if there are changes. */
    public void flush(long now) {
        if (!dirty) {
            return;
        }
        try {
            if (writer != null) {
                writer.awaitIdle();
            }
            file.write(nextSnapshot(now));
            listener.written(true, null);
        } catch (IOException e) {
            listener.written(false, e.toString());
            sequence--;
            dirty = true;
            throw new UncheckedIOException("cannot write checkpoints of config " + configName + " to " + file.slotA().getParent(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes now, synchronously, if nothing was ever written for this config: after that, a crash
     * and a restart are never mistaken for the config's first run (which would start pre-existing
     * files at their end and not look for files rotated meanwhile).
     */
    public void ensureWritten(long now) {
        if (!file.exists()) {
            dirty = true;
            flush(now);
        }
    }

    /** Hands a snapshot to the background writer if there are changes and the interval has passed. */
    public void flushInBackground(long now) {
        if (!dirty || now - lastFlush < flushIntervalMillis) {
            return;
        }
        if (writer == null) {
            writer = new CheckpointWriter(file, configName, (ok, error) -> listener.written(ok, error));
        }
        writer.submit(nextSnapshot(now));
    }

    private CheckpointSnapshot nextSnapshot(long now) {
        sequence++;
        dirty = false;
        lastFlush = now;
        return new CheckpointSnapshot(configName, sequence, now, rereadToken, new ArrayList<>(entries.values()));
    }

    /** Writes what is pending and stops the background writer. */
    public void close(long now) {
        if (writer != null) {
            writer.close();
            writer = null;
        }
        flush(now);
    }

    public boolean isDirty() {
        return dirty;
    }

    public CheckpointFile file() {
        return file;
    }
}
