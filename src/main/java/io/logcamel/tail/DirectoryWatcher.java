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
 * File-system events as a hint: they wake the reader early and ask for an early sweep. They are
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

    /**
     * Waits up to {@code millis} for an event.
     *
     * @return true when a file appeared or disappeared (a sweep is worth doing now)
     */
    boolean await(long millis) throws InterruptedException {
        if (service == null) {
            Thread.sleep(millis);
            return false;
        }
        boolean structural = false;
        try {
            WatchKey key = service.poll(millis, TimeUnit.MILLISECONDS);
            while (key != null) {
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() != StandardWatchEventKinds.ENTRY_MODIFY) {
                        structural = true; // create, delete or overflow
                    }
                }
                if (!key.reset()) {
                    keys.values().remove(key);
                }
                key = service.poll();
            }
        } catch (ClosedWatchServiceException e) {
            Thread.sleep(Math.min(millis, 50));
        }
        return structural;
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
