package io.logcamel.tail;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * File-system events as a hint: they ask for an early sweep and wake the reader early. They are
 * never trusted to be complete (overlay and NFS mounts, inotify limits, queue overflow): the
 * polling sweep stays the source of truth. Without a watch service this simply sleeps.
 */
final class DirectoryWatcher implements AutoCloseable {

    private static final int MAX_WATCHED_DIRECTORIES = 4096;

    private final WatchService service;
    private final Map<Path, WatchKey> keys = new HashMap<>();

    DirectoryWatcher() {
        WatchService created;
        try {
            created = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            created = null;
        }
        this.service = created;
    }

    /** Called from the discovery thread only (the key map is not shared). */
    void register(Path directory) {
        if (service == null || keys.containsKey(directory) || keys.size() >= MAX_WATCHED_DIRECTORIES) {
            return;
        }
        try {
            keys.put(directory, directory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
        } catch (IOException | RuntimeException e) {
            // out of inotify watches or the directory vanished: the sweep still covers it
        }
    }

    /** Nothing happened. */
    static final int NOTHING = 0;
    /** A watched file was written to: worth reading now. */
    static final int MODIFIED = 1;
    /** A file appeared or disappeared (or events were lost): worth a sweep now. */
    static final int STRUCTURAL = 2;

    /**
     * Waits up to {@code millis} for events.
     *
     * @return {@link #STRUCTURAL}, {@link #MODIFIED} or {@link #NOTHING}
     */
    int await(long millis) throws InterruptedException {
        if (service == null) {
            Thread.sleep(millis);
            return NOTHING;
        }
        int seen = NOTHING;
        try {
            WatchKey key = service.poll(millis, TimeUnit.MILLISECONDS);
            while (key != null) {
                for (WatchEvent<?> event : key.pollEvents()) {
                    seen = Math.max(seen, event.kind() == StandardWatchEventKinds.ENTRY_MODIFY ? MODIFIED : STRUCTURAL);
                }
                if (!key.reset()) {
                    keys.values().remove(key);
                    seen = STRUCTURAL;
                }
                key = service.poll();
            }
        } catch (ClosedWatchServiceException e) {
            Thread.sleep(Math.min(millis, 50));
        }
        return seen;
    }

    @Override
    public void close() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException ignored) {
                // nothing to release beyond the inotify descriptor
            }
        }
    }
}
