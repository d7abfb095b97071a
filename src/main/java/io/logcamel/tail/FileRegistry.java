package io.logcamel.tail;

import io.logcamel.checkpoint.CheckpointStore;
import io.logcamel.checkpoint.FileCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The files a config follows, keyed by device + inode, kept in step with the disk by sweeps.
 *
 * <p>A sweep matches what the scanner finds against what is followed: a known inode under a new
 * name is a rename (its reading simply continues); an unknown inode is a new file, resumed from
 * its checkpoint when dev + inode + head hash match one (this is how a file renamed while the agent
 * was stopped is found and finished), else started per the start position; a followed inode no
 * longer found is an orphan, drained from the open handle and then closed. An idle-closed file is
 * reopened when its size or modification time changes, and read from 0 if its head changed
 * (truncated, or the inode was reused by a new file).
 */
final class FileRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(FileRegistry.class);

    private final TailConfiguration config;
    private final CheckpointStore store;
    private final TailMetrics metrics;
    private final PathScanner scanner;
    private final LineDecoder decoder;
    private final Pattern multilineStart;
    private final Pattern multilineContinue;
    private final Pattern multilineEnd;
    private final Map<String, TailedFile> files = new LinkedHashMap<>();

    FileRegistry(TailConfiguration config, CheckpointStore store, TailMetrics metrics) {
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        this.scanner = new PathScanner(config.baseDirectories(), config.includes(), config.excludes(), config.getMaxDepth());
        this.decoder = new LineDecoder(config.charset(), metrics.invalidEncodingReplacements);
        this.multilineStart = TailConfiguration.compile("multilineStart", config.getMultilineStart());
        this.multilineContinue = TailConfiguration.compile("multilineContinue", config.getMultilineContinue());
        this.multilineEnd = TailConfiguration.compile("multilineEnd", config.getMultilineEnd());
    }

    Collection<TailedFile> files() {
        return files.values();
    }

    /** A copy, for loops that may close files. */
    List<TailedFile> snapshot() {
        return new ArrayList<>(files.values());
    }

    void forget(TailedFile file) {
        files.remove(key(file.identity.device(), file.identity.inode()));
    }

    /**
     * @param initial true for the first sweep after start: only then may pre-existing files start at the end
     */
    void sweep(long now, boolean initial, DirectoryWatcher watcher) {
        Set<String> seen = new HashSet<>();
        for (Path path : scanner.scan(watcher::register)) {
            long[] devIno;
            try {
                devIno = FileIdentity.deviceAndInode(path);
            } catch (IOException | RuntimeException e) {
                continue; // vanished since the scan
            }
            String key = key(devIno[0], devIno[1]);
            if (!seen.add(key)) {
                continue; // a second link to a file already followed
            }
            TailedFile file = files.get(key);
            if (file == null) {
                openNew(path, devIno, initial, now);
                continue;
            }
            String name = path.toString();
            if (!file.path.equals(name)) {
                LOG.debug("{} renamed to {}", file.path, name);
                metrics.rotationsDetected.incrementAndGet();
                file.path = name;
            }
            file.orphan = false;
            if (!file.isOpen()) {
                reopenIfChanged(file, path, now);
            }
            store.markSeen(devIno[0], devIno[1], name, now);
        }
        for (TailedFile file : snapshot()) {
            if (seen.contains(key(file.identity.device(), file.identity.inode()))) {
                continue;
            }
            if (!file.isOpen()) {
                forget(file); // read to its end before it was closed; its checkpoint ages out
            } else if (!file.orphan) {
                LOG.debug("{} moved away or was deleted; reading it to its end", file.path);
                metrics.rotationsDetected.incrementAndGet();
                file.orphan = true;
            }
        }
        metrics.sweeps.incrementAndGet();
    }

    private void openNew(Path path, long[] devIno, boolean initial, long now) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException | RuntimeException e) {
            return; // gone or unreadable; the next sweep tries again
        }
        try {
            long[] again = FileIdentity.deviceAndInode(path);
            if (again[0] != devIno[0] || again[1] != devIno[1]) {
                channel.close(); // replaced between stat and open; the next sweep sees the new one
                return;
            }
            long size = channel.size();
            int headSize = FileIdentity.headLength(size);
            FileIdentity identity = new FileIdentity(devIno[0], devIno[1], FileIdentity.hashHead(channel, headSize), headSize);
            long start = startOffset(path, channel, identity, size, initial);
            TailedFile file = newTailedFile(path.toString(), channel, identity, start, now);
            files.put(key(devIno[0], devIno[1]), file);
            metrics.filesOpen.incrementAndGet();
            metrics.filesDiscovered.incrementAndGet();
            store.put(checkpoint(file, start, now));
            LOG.debug("Following {} from offset {} of {}", path, start, size);
        } catch (IOException | RuntimeException e) {
            metrics.readErrors.incrementAndGet();
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    private long startOffset(Path path, FileChannel channel, FileIdentity identity, long size, boolean initial)
            throws IOException {
        Optional<FileCheckpoint> stored = store.find(identity.device(), identity.inode());
        if (stored.isPresent()) {
            FileCheckpoint checkpoint = stored.get();
            boolean sameContent = checkpoint.headSize() <= size
                    && FileIdentity.hashHead(channel, checkpoint.headSize()) == checkpoint.headHash();
            if (sameContent) {
                if (checkpoint.offset() <= size) {
                    return checkpoint.offset();
                }
                LOG.info("{} is shorter than its checkpoint ({} < {}): truncated while stopped, reading from 0",
                        path, size, checkpoint.offset());
                metrics.truncationsDetected.incrementAndGet();
                return 0;
            }
            // same inode, other content: the inode was reused by a new file
        }
        if (initial && !store.existedBefore() && config.getStartPosition() == StartPosition.END) {
            return alignToLineStart(channel, Math.max(0, size - config.getTailSize()));
        }
        return 0;
    }

    private void reopenIfChanged(TailedFile file, Path path, long now) {
        try {
            long size = Files.size(path);
            long modified = Files.getLastModifiedTime(path).toMillis();
            if (size == file.closedSize && modified == file.closedModified) {
                return;
            }
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            long[] devIno = FileIdentity.deviceAndInode(path);
            if (!file.identity.sameInode(devIno[0], devIno[1])) {
                channel.close();
                return;
            }
            file.channel = channel;
            file.lastGrowthAt = now;
            file.atEof = false;
            metrics.filesOpen.incrementAndGet();
            if (channel.size() < file.committedOffset || file.headChanged()) {
                restartAtZero(file, now, "changed while closed");
            }
        } catch (IOException | RuntimeException e) {
            // vanished; the next sweep settles it
        }
    }

    /** Truncation or inode reuse: the old content is gone, read the new content from the start. */
    void restartAtZero(TailedFile file, long now, String why) throws IOException {
        LOG.info("{} {}: reading it again from offset 0", file.path, why);
        metrics.truncationsDetected.incrementAndGet();
        long size = file.channel.size();
        int headSize = FileIdentity.headLength(size);
        file.identity = file.identity.withHead(FileIdentity.hashHead(file.channel, headSize), headSize);
        file.rewindTo(0);
        store.put(checkpoint(file, 0, now));
    }

    /** While a file is shorter than the head size, its identity grows with it (the caller checked the old head). */
    void extendHead(TailedFile file, long size) throws IOException {
        int headSize = FileIdentity.headLength(size);
        file.identity = file.identity.withHead(FileIdentity.hashHead(file.channel, headSize), headSize);
    }

    FileCheckpoint checkpoint(TailedFile file, long offset, long now) {
        FileIdentity id = file.identity;
        return new FileCheckpoint(file.path, id.device(), id.inode(), id.headHash(), id.headSize(), offset, now, now);
    }

    private TailedFile newTailedFile(String path, FileChannel channel, FileIdentity identity, long start, long now) {
        LineReader reader = new LineReader(decoder, config.getMaxLineSize(), metrics.linesSplit);
        MultilineAssembler multiline = config.isMultiline()
                ? new MultilineAssembler(multilineStart, multilineContinue, multilineEnd, config.getUnmatchedPolicy(),
                config.getMaxLineSize(), metrics.multilineUnmatchedDiscarded)
                : null;
        BatchBuilder batch = new BatchBuilder(config.getMaxBatchLines(), config.getMaxBatchBytes());
        return new TailedFile(path, channel, identity, start, reader, multiline, batch, now);
    }

    /** From {@code offset}, the start of the next whole line (so a tail does not begin mid-line). */
    static long alignToLineStart(FileChannel channel, long offset) throws IOException {
        if (offset == 0) {
            return 0;
        }
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long position = offset - 1;
        while (true) {
            buffer.clear();
            int read = channel.read(buffer, position);
            if (read <= 0) {
                return offset; // no line end after the offset: start there rather than skip it all
            }
            for (int i = 0; i < read; i++) {
                if (buffer.get(i) == '\n') {
                    return position + i + 1;
                }
            }
            position += read;
        }
    }

    static String key(long device, long inode) {
        return device + ":" + inode;
    }
}
