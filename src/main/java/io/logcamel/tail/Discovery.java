package io.logcamel.tail;

import io.logcamel.checkpoint.FileCheckpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the files of a config and opens every inode it has not seen yet, at once, so that a file
 * created and renamed away between two reads is still held by its descriptor. It never reads
 * lines and never waits for delivery: in the agent it runs on a thread of its own
 * ({@link TailConsumer}), in tests it is called step by step.
 *
 * <p>An inode stays "held" from the sweep that opened it until the reader lets it go
 * ({@link #release}), so each inode is opened once however often it is swept. Compressed files
 * (by name or magic bytes) are never opened for reading.
 */
final class Discovery {

    private final PathScanner scanner;
    private final DirectoryWatcher watcher;
    private final TailMetrics metrics;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private Set<String> compressed = new HashSet<>();

    Discovery(PathScanner scanner, DirectoryWatcher watcher, TailMetrics metrics) {
        this.scanner = scanner;
        this.watcher = watcher;
        this.metrics = metrics;
    }

    /** Scans the base directories once. Safe to call from one thread at a time. */
    Sweep sweep(boolean initial) {
        List<FileSeen> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> stillCompressed = new HashSet<>();
        for (Path path : scanner.scan(watcher == null ? dir -> { } : watcher::register)) {
            if (CompressedFiles.hasCompressedName(path.getFileName().toString())) {
                continue;
            }
            long[] devIno;
            try {
                devIno = FileIdentity.deviceAndInode(path);
            } catch (IOException | RuntimeException e) {
                continue; // vanished since the scan
            }
            String key = FileCheckpoint.key(devIno[0], devIno[1]);
            if (!seen.add(key)) {
                continue; // a second link to a file already found
            }
            if (compressed.contains(key)) {
                stillCompressed.add(key);
                continue;
            }
            FileChannel opened = null;
            if (!held.contains(key)) {
                opened = open(path, devIno);
                if (opened == null) {
                    continue; // gone, replaced or unreadable: the next sweep tries again
                }
                if (isCompressed(opened)) {
                    close(opened);
                    stillCompressed.add(key);
                    metrics.compressedFilesSkipped.incrementAndGet();
                    continue;
                }
                held.add(key);
            }
            found.add(new FileSeen(path.toString(), devIno[0], devIno[1], opened));
        }
        compressed = stillCompressed;
        metrics.sweeps.incrementAndGet();
        return new Sweep(found, initial);
    }

    /** The reader no longer follows this inode: a later sweep that finds it opens it again. */
    void release(String key) {
        held.remove(key);
    }

    /** The reader opened this inode itself (a file it found outside a sweep). */
    void hold(String key) {
        held.add(key);
    }

    static FileChannel open(Path path, long[] devIno) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        try {
            long[] again = FileIdentity.deviceAndInode(path);
            if (again[0] == devIno[0] && again[1] == devIno[1]) {
                return channel;
            }
        } catch (IOException | RuntimeException e) {
            // vanished between stat and open
        }
        close(channel);
        return null;
    }

    private static boolean isCompressed(FileChannel channel) {
        try {
            return CompressedFiles.hasCompressedContent(channel);
        } catch (IOException e) {
            return false;
        }
    }

    static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // a read-only descriptor: nothing is lost by a failed close
        }
    }
}
