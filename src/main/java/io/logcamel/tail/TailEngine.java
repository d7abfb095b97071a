package io.logcamel.tail;

import io.logcamel.checkpoint.CheckpointStore;
import io.logcamel.checkpoint.FileCheckpoint;
import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reading side of one tail config, without threads of its own: it applies what discovery
 * found ({@link #offer}) and what delivery answered ({@link #delivered}), and each {@link #step}
 * reads what is new into the {@link ReadAhead}, as long as it has room. Everything happens at the
 * time the caller passes in, so a test drives it step by step with a clock and file-system events
 * of its own; {@link TailConsumer} drives it from a reader thread.
 *
 * <p>Per file it runs the {@link FileFollower.State} machine: a file is opened, read, at its end,
 * rotated away (drained through its descriptor), truncated (the unread rest read from logrotate's
 * copy, found by its head), idle (closed, reopened on change) and finally closed. A checkpoint
 * moves only over acknowledged batches, in order ({@link OrderedAcks}).
 */
final class TailEngine {

    private static final Logger LOG = LoggerFactory.getLogger(TailEngine.class);
    private static final long EXPIRE_INTERVAL_MILLIS = 60_000;

    /** What delivery answered for one batch. */
    record Delivered(PendingBatch batch, Exception failure) {
    }

    private final TailConfiguration config;
    private final CheckpointStore store;
    private final TailMetrics metrics;
    private final ReadAhead readAhead;
    private final Discovery discovery;
    private final Runnable wakeUp;
    private final LineDecoder decoder;
    private final Pattern multilineStart;
    private final Pattern multilineContinue;
    private final Pattern multilineEnd;
    private final Pattern topicPattern;
    /** Tags from the kubelet's log layout, or null when {@code podMetadata} is off. */
    private final PodTags podTags;
    /** The Kubernetes API's view of the pods (kubernetesApi), or null. */
    private volatile PodDirectory podDirectory;
    private final long orphanGraceMillis;
    private final Map<String, FileFollower> followers = new LinkedHashMap<>();
    private final List<FileFollower> detached = new ArrayList<>();
    private final Queue<Sweep> sweeps = new ConcurrentLinkedQueue<>();
    private final Queue<Delivered> answers = new ConcurrentLinkedQueue<>();
    /** Checkpoint entries a file was resumed from in this run (the others may belong to rotated files). */
    private final Set<String> resumedEntries = new HashSet<>();
    private volatile boolean paused;
    /** Reading held by a flow control (the resource guard), apart from a suspended route. */
    private volatile boolean held;
    /** Whether a file is closed while idle: only then is a write worth a sweep (to reopen it). */
    private volatile boolean idleFilesClosed;
    private long nextBehindAt;
    private boolean recoveredAtStart;
    /** When the first sweep was applied: files modified before it are the start's recovery's concern. */
    private long followingSince = Long.MAX_VALUE;
    private long nextExpire;
    private long now;
    private long linesEmitted;
    private long bytesEmitted;

    TailEngine(TailConfiguration config, CheckpointStore store, TailMetrics metrics, ReadAhead readAhead,
               Discovery discovery, Runnable wakeUp) {
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        this.readAhead = readAhead;
        this.discovery = discovery;
        this.wakeUp = wakeUp;
        this.decoder = new LineDecoder(config.charset(), metrics.invalidEncodingReplacements);
        this.multilineStart = TailConfiguration.compile("multilineStart", config.getMultilineStart());
        this.multilineContinue = TailConfiguration.compile("multilineContinue", config.getMultilineContinue());
        this.multilineEnd = TailConfiguration.compile("multilineEnd", config.getMultilineEnd());
        this.topicPattern = TailConfiguration.compile("topicPattern", config.getTopicPattern());
        this.podTags = config.isPodMetadata() ? new PodTags(config.getContainerLinksPath() == null ? null
                : Path.of(config.getContainerLinksPath()), config.getPollInterval(), () -> this.now) : null;
        // a rotated file may still be written until its writer reopens; give it a moment
        this.orphanGraceMillis = Math.max(2 * config.getPollInterval(), 2000);
    }

    /** Adds the Kubernetes API's pod metadata to container logs (null: path metadata only). */
    void enrichWith(PodDirectory directory) {
        this.podDirectory = directory;
    }

    // ---- inputs from other threads ------------------------------------------------------------

    /** A sweep's findings (discovery thread). */
    void offer(Sweep sweep) {
        sweeps.add(sweep);
        wakeUp.run();
    }

    /** A batch's delivery completed (delivery thread); {@code failure} null means acknowledged. */
    void delivered(PendingBatch batch, Exception failure) {
        if (failure != null) {
            batch.source().reject(batch.generation()); // before delivery takes the next batch of the file
        }
        answers.add(new Delivered(batch, failure));
        wakeUp.run();
    }

    /** While held nothing is read (the resource guard); delivery, sweeps and opening go on. */
    void hold(boolean hold) {
        held = hold;
        wakeUp.run();
    }

    /** While paused nothing is read (a suspended route); sweeps and opening go on. */
    void pause(boolean pause) {
        paused = pause;
        wakeUp.run();
    }

    // ---- the reader's work --------------------------------------------------------------------

    /**
     * One pass: applies answers and sweeps, reads what is new, hands over due batches, closes
     * finished files. Returns true when anything happened (the caller then steps again at once).
     */
    boolean step(long now) {
        this.now = now;
        boolean progressed = applyAnswers(now);
        Sweep sweep;
        while ((sweep = sweeps.poll()) != null) {
            apply(sweep, now);
            progressed = true;
        }
        if (!paused && !held) {
            for (FileFollower follower : new ArrayList<>(followers.values())) {
                progressed |= service(follower, now);
            }
        }
        closeFinished(now);
        detached.removeIf(follower -> follower.acks.isEmpty() && follower.batch.isEmpty());
        if (now >= nextExpire) {
            if (nextExpire > 0) {
                store.expire(now);
            }
            nextExpire = now + EXPIRE_INTERVAL_MILLIS;
        }
        metrics.readAheadBytes.set(readAhead.bytes());
        if (now >= nextBehindAt) {
            metrics.bytesBehind.set(bytesBehind());
            nextBehindAt = now + 1000;
        }
        return progressed;
    }

    /**
     * True while a followed file is closed because it was idle. A write event is then worth a sweep,
     * which reopens the file at once (before a copytruncate could take its new lines away); while
     * every file is open, the reader sees writes by itself and a sweep per write would only cost.
     */
    boolean hasIdleClosedFiles() {
        return idleFilesClosed;
    }

    private long bytesBehind() {
        long behind = 0;
        for (FileFollower follower : followers.values()) {
            behind += Math.max(0, follower.lastSeenSize - follower.committedOffset);
        }
        for (FileFollower follower : detached) {
            behind += Math.max(0, follower.lastSeenSize - follower.committedOffset);
        }
        return behind;
    }

    /** Hands a snapshot of the checkpoints to the background writer when due. */
    void flushCheckpoints(long now) {
        try {
            store.flushInBackground(now);
        } catch (RuntimeException e) {
            // disk full or read-only: keep reading; the store stays dirty and is written when it can be
            LOG.warn("Tail {}: {}", config.getName(), e.getMessage());
        }
    }

    /** The end: applies the last answers, closes every file and writes the checkpoints synchronously. */
    void stop(long now) {
        applyAnswers(now);
        Sweep sweep;
        while ((sweep = sweeps.poll()) != null) {
            for (FileSeen seen : sweep.files()) {
                if (seen.opened() != null) {
                    Discovery.close(seen.opened());
                }
            }
        }
        for (FileFollower follower : followers.values()) {
            if (follower.isOpen()) {
                metrics.filesOpen.decrementAndGet();
            }
            follower.close();
        }
        followers.clear();
        detached.clear();
        try {
            store.close(now);
        } catch (RuntimeException e) {
            LOG.warn("Tail {}: checkpoints not written at stop: {}", config.getName(), e.getMessage());
        }
    }

    // ---- discovery's findings -----------------------------------------------------------------

    private void apply(Sweep sweep, long now) {
        Set<String> seen = new HashSet<>();
        Set<Path> rotatedIn = new LinkedHashSet<>();
        for (FileSeen file : sweep.files()) {
            String key = file.key();
            seen.add(key);
            FileFollower follower = followers.get(key);
            if (follower == null) {
                if (!sweep.initial()) {
                    rotatedIn.add(Path.of(file.path()).getParent()); // a new file under a watched name: a rotation, most likely
                }
                FileChannel channel = file.opened();
                if (channel == null) {
                    // let go of meanwhile and found again: open it here
                    channel = Discovery.open(Path.of(file.path()), new long[]{file.device(), file.inode()});
                    if (channel == null) {
                        continue;
                    }
                    discovery.hold(key);
                }
                follow(file.path(), channel, file.device(), file.inode(), sweep.initial(), now);
                continue;
            }
            if (file.opened() != null) {
                Discovery.close(file.opened()); // already followed under another sweep's descriptor
            }
            if (!follower.path.equals(file.path())) {
                LOG.debug("{} renamed to {}", follower.path, file.path());
                metrics.rotationsDetected.incrementAndGet();
                follower.path = file.path();
            }
            if (follower.isOrphan()) {
                follower.state = follower.atEof() ? FileFollower.State.AT_EOF : FileFollower.State.READING;
            }
            if (follower.state == FileFollower.State.IDLE) {
                reopenIfChanged(follower, now);
            }
            store.markSeen(file.device(), file.inode(), file.path(), now);
        }
        for (FileFollower follower : new ArrayList<>(followers.values())) {
            if (seen.contains(follower.key())) {
                continue;
            }
            if (follower.state == FileFollower.State.IDLE) {
                if (!reopenRenamedIdle(follower, now)) {
                    forget(follower); // read to its end before it was closed; its checkpoint ages out
                }
            } else if (!follower.isOrphan()) {
                LOG.debug("{} moved away or was deleted; reading it to its end", follower.path);
                metrics.rotationsDetected.incrementAndGet();
                follower.state = FileFollower.State.ROTATED;
            }
        }
        for (Path directory : rotatedIn) {
            recoverFilesRotatedBeforeOpened(directory, now);
        }
        if (sweep.initial() && !recoveredAtStart) {
            recoveredAtStart = true;
            followingSince = now;
            recoverFilesRotatedWhileStopped(now);
            try {
                store.ensureWritten(now);
            } catch (RuntimeException e) {
                LOG.warn("Tail {}: {}", config.getName(), e.getMessage());
            }
        }
    }

    private void follow(String path, FileChannel channel, long device, long inode, boolean initial, long now) {
        try {
            long size = channel.size();
            int headSize = FileIdentity.headLength(size);
            FileIdentity identity = new FileIdentity(device, inode, FileIdentity.hashHead(channel, headSize), headSize);
            long start = startOffset(path, channel, identity, size, initial);
            FileFollower follower = newFollower(path, channel, identity, start, now);
            follower.observeSize(size, now);
            followers.put(follower.key(), follower);
            metrics.filesOpen.incrementAndGet();
            metrics.filesDiscovered.incrementAndGet();
            store.put(checkpoint(follower, start, now));
            LOG.debug("Following {} from offset {} of {}", path, start, size);
        } catch (IOException | RuntimeException e) {
            metrics.readErrors.incrementAndGet();
            Discovery.close(channel);
            discovery.release(FileCheckpoint.key(device, inode));
        }
    }

    private long startOffset(String path, FileChannel channel, FileIdentity identity, long size, boolean initial)
            throws IOException {
        Optional<FileCheckpoint> stored = store.find(identity.device(), identity.inode());
        if (stored.isPresent()) {
            FileCheckpoint checkpoint = stored.get();
            boolean sameContent = FileIdentity.startsWith(channel, size, checkpoint.headHash(), checkpoint.headSize());
            if (sameContent) {
                resumedEntries.add(checkpoint.key());
                if (checkpoint.offset() <= size) {
                    return checkpoint.offset();
                }
                LOG.info("{} is shorter than its checkpoint ({} < {}): truncated while stopped, reading from 0",
                        path, size, checkpoint.offset());
                metrics.truncationsDetected.incrementAndGet();
                return 0;
            }
            // same inode, other content: truncated while stopped, or the inode was reused by a new file
        }
        if (initial && !store.existedBefore() && config.getStartPosition() == StartPosition.END) {
            return alignToLineStart(channel, Math.max(0, size - config.getTailSize()));
        }
        return 0;
    }

    /**
     * After a restart: files rotated while the agent was stopped no longer match {@code include}
     * ({@code app.log.1}). In the directories of the followed files and of the checkpoints, a file
     * is read to its end when its device + inode + head match a checkpoint (from the checkpoint), when
     * its head matches the checkpoint of a file that was truncated meanwhile (logrotate's copy, from
     * that checkpoint), or when it is named like a rotation of a followed file and was modified after
     * the checkpoints were last written (from 0: it was created and rotated while the agent was down).
     */
    private void recoverFilesRotatedWhileStopped(long now) {
        if (!store.existedBefore() || store.resetByToken()) {
            return;
        }
        Map<String, FileCheckpoint> unresumed = new HashMap<>();
        Set<Path> directories = new LinkedHashSet<>();
        Set<String> liveNames = new LinkedHashSet<>();
        for (FileFollower follower : followers.values()) {
            Path path = Path.of(follower.path);
            directories.add(path.getParent());
            liveNames.add(path.getFileName().toString());
        }
        for (FileCheckpoint entry : store.loadedEntries()) {
            if (!resumedEntries.contains(entry.key())) {
                unresumed.put(entry.key(), entry);
                Path parent = Path.of(entry.path()).getParent();
                if (parent != null) {
                    directories.add(parent);
                }
            }
        }
        long savedAt = store.loadedSavedAt();
        for (Path directory : directories) {
            if (directory == null) {
                continue;
            }
            for (RotatedFiles.Candidate candidate : RotatedFiles.list(directory)) {
                if (followers.containsKey(candidate.key())) {
                    continue;
                }
                // by content: the checkpoint with this head (its own, or the one of the file this is a
                // copy of); an empty head identifies nothing (a reused inode of an empty file)
                Optional<RotatedFiles.Opened> opened = Optional.empty();
                long from = 0;
                for (FileCheckpoint entry : unresumed.values()) {
                    if (entry.headSize() == 0 || entry.offset() < from) {
                        continue;
                    }
                    Optional<RotatedFiles.Opened> match = RotatedFiles.openIfHead(candidate, entry.headHash(), entry.headSize());
                    if (match.isPresent()) {
                        opened.ifPresent(previous -> Discovery.close(previous.channel()));
                        opened = match;
                        from = entry.offset();
                    }
                }
                if (opened.isEmpty() && candidate.modifiedMillis() >= savedAt
                        && RotatedFiles.isRotationOf(candidate.path().getFileName().toString(), liveNames)) {
                    opened = RotatedFiles.openText(candidate);
                    from = 0;
                }
                if (opened.isEmpty()) {
                    continue;
                }
                if (from >= candidate.size()) {
                    Discovery.close(opened.get().channel()); // nothing left to read
                    continue;
                }
                recover(opened.get(), from, now);
            }
        }
    }

    /**
     * While running: a file created under a watched name and renamed away before discovery could
     * open it (logrotate rotating several times within milliseconds, an application rolling its
     * file by size at a high rate) is still in its directory under a rotated name ({@code app.log.1}).
     * It is one the tail never knew: not followed, no checkpoint for its inode and head, modified
     * since the tail started, and not a copy of a followed file (copytruncate's copy starts with the
     * head of the file it copies; that one is continued from where the original was read). It is
     * read from its start. Called when a new file appeared under a watched name, i.e. on a rotation.
     */
    private void recoverFilesRotatedBeforeOpened(Path directory, long now) {
        if (directory == null) {
            return;
        }
        Set<String> liveNames = new LinkedHashSet<>();
        List<FileIdentity> followedHeads = new ArrayList<>();
        for (FileFollower follower : followers.values()) {
            Path path = Path.of(follower.path);
            if (directory.equals(path.getParent())) {
                followedHeads.add(follower.identity);
                if (!follower.isOrphan()) {
                    liveNames.add(path.getFileName().toString());
                }
            }
        }
        // checkpoints outlive the files they describe by the retention: anything older may have been forgotten
        long knownSince = Math.max(followingSince, now - config.getCheckpointRetention() + 60_000);
        for (RotatedFiles.Candidate candidate : RotatedFiles.list(directory)) {
            if (followers.containsKey(candidate.key()) || candidate.modifiedMillis() < knownSince
                    || !RotatedFiles.isRotationOf(candidate.path().getFileName().toString(), liveNames)) {
                continue;
            }
            Optional<RotatedFiles.Opened> opened = RotatedFiles.openText(candidate);
            if (opened.isEmpty()) {
                continue;
            }
            FileChannel channel = opened.get().channel();
            if (knownOrCopy(candidate, channel, followedHeads)) {
                Discovery.close(channel);
                continue;
            }
            FileFollower follower = followRotated(opened.get(), 0, now);
            if (follower != null) {
                metrics.filesRecoveredAfterRotation.incrementAndGet();
                LOG.info("Tail {}: {} was rotated away before it could be opened; reading it from its start ({} bytes)",
                        config.getName(), candidate.path(), candidate.size());
            }
        }
    }

    /** True when the tail knew this file (a checkpoint for its inode and head) or it is a copy of a followed one. */
    private boolean knownOrCopy(RotatedFiles.Candidate candidate, FileChannel channel, List<FileIdentity> followedHeads) {
        try {
            long size = channel.size();
            Optional<FileCheckpoint> stored = store.find(candidate.device(), candidate.inode());
            if (stored.isPresent() && FileIdentity.startsWith(channel, size, stored.get().headHash(), stored.get().headSize())) {
                return true;
            }
            for (FileIdentity head : followedHeads) {
                if (head.headSize() > 0 && FileIdentity.startsWith(channel, size, head.headHash(), head.headSize())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true; // unreadable now: leave it rather than guess
        }
    }

    private void recover(RotatedFiles.Opened opened, long from, long now) {
        if (followRotated(opened, from, now) != null) {
            metrics.filesRecoveredAtStart.incrementAndGet();
            LOG.info("Tail {}: {} was rotated while stopped; reading it from offset {} to its end ({} bytes)",
                    config.getName(), opened.file().path(), from, opened.file().size());
        }
    }

    /** Follows a rotated file (no longer under a watched name) from {@code from} to its end; null if it cannot be. */
    private FileFollower followRotated(RotatedFiles.Opened opened, long from, long now) {
        RotatedFiles.Candidate file = opened.file();
        discovery.hold(file.key()); // discovery must not open it again under a name it may get
        try {
            FileChannel channel = opened.channel();
            int headSize = FileIdentity.headLength(channel.size());
            FileIdentity identity = new FileIdentity(file.device(), file.inode(), FileIdentity.hashHead(channel, headSize), headSize);
            FileFollower follower = newFollower(file.path().toString(), channel, identity, from, now);
            follower.state = FileFollower.State.ROTATED;
            follower.observeSize(file.size(), now);
            followers.put(follower.key(), follower);
            metrics.filesOpen.incrementAndGet();
            store.put(checkpoint(follower, from, now));
            return follower;
        } catch (IOException | RuntimeException e) {
            metrics.readErrors.incrementAndGet();
            Discovery.close(opened.channel());
            discovery.release(file.key());
            return null;
        }
    }

    private void reopenIfChanged(FileFollower follower, long now) {
        Path path = Path.of(follower.path);
        try {
            long size = Files.size(path);
            long modified = Files.getLastModifiedTime(path).toMillis();
            if (size == follower.closedSize && modified == follower.closedModified) {
                return;
            }
            FileChannel channel = Discovery.open(path, new long[]{follower.identity.device(), follower.identity.inode()});
            if (channel == null) {
                return;
            }
            follower.channel = channel;
            follower.lastGrowthAt = now;
            follower.state = FileFollower.State.OPEN;
            follower.rewindTo(follower.committedOffset);
            metrics.filesOpen.incrementAndGet();
            if (channel.size() < follower.committedOffset || follower.headChanged()) {
                restartAtZero(follower, now, "changed while closed");
            }
        } catch (IOException | RuntimeException e) {
            // vanished; the next sweep settles it
        }
    }

    /**
     * An idle-closed file left its path: if it was renamed within its directory and written to
     * (the application wrote before it reopened), it is opened again and drained as a rotated file.
     */
    private boolean reopenRenamedIdle(FileFollower follower, long now) {
        Path directory = Path.of(follower.path).getParent();
        if (directory == null) {
            return false;
        }
        for (RotatedFiles.Candidate candidate : RotatedFiles.list(directory)) {
            if (!candidate.key().equals(follower.key()) || candidate.size() <= follower.committedOffset) {
                continue;
            }
            Optional<RotatedFiles.Opened> opened = follower.identity.headSize() == 0 ? RotatedFiles.openText(candidate)
                    : RotatedFiles.openIfHead(candidate, follower.identity.headHash(), follower.identity.headSize());
            if (opened.isEmpty()) {
                return false;
            }
            follower.channel = opened.get().channel();
            follower.path = candidate.path().toString();
            follower.rewindTo(follower.committedOffset);
            follower.state = FileFollower.State.ROTATED;
            follower.lastGrowthAt = now;
            metrics.filesOpen.incrementAndGet();
            metrics.rotationsDetected.incrementAndGet();
            return true;
        }
        return false;
    }

    /** An idle-closed file whose content was replaced: read the new content from the start. */
    private void restartAtZero(FileFollower follower, long now, String why) throws IOException {
        LOG.info("{} {}: reading it again from offset 0", follower.path, why);
        metrics.truncationsDetected.incrementAndGet();
        long size = follower.channel.size();
        int headSize = FileIdentity.headLength(size);
        follower.identity = follower.identity.withHead(FileIdentity.hashHead(follower.channel, headSize), headSize);
        follower.rewindTo(0);
        follower.lastSeenSize = size;
        store.put(checkpoint(follower, 0, now));
    }

    // ---- reading ------------------------------------------------------------------------------

    /** Reads what is new in one file and hands over a batch when one is due. True if anything happened. */
    private boolean service(FileFollower follower, long now) {
        if (!follower.isOpen()) {
            return false;
        }
        try {
            long size = follower.channel.size();
            // a copytruncate copy is never truncated itself, and may well be shorter than what was
            // read: the lines written after logrotate's copy were read from the original
            boolean copy = follower.state == FileFollower.State.TRUNCATED;
            if (!copy && (size < follower.reader.readPosition() || follower.headChanged())) {
                truncated(follower, now);
                return true;
            }
            follower.observeSize(size, now);
            if (follower.identity.headSize() < FileIdentity.HEAD_BYTES && size > follower.identity.headSize()) {
                // a file first seen shorter than the head: its old head still matched, so its identity grows with it
                int headSize = FileIdentity.headLength(size);
                follower.identity = follower.identity.withHead(FileIdentity.hashHead(follower.channel, headSize), headSize);
                store.put(checkpoint(follower, follower.committedOffset, now)); // found by this head after a restart
            }
            if (now < follower.retryAt) {
                return false; // backing off after a failed delivery: watched (above), not read
            }
            boolean progressed = false;
            if (readAhead.hasRoom()) {
                Boolean read = read(follower, now);
                if (read == null) {
                    return true; // truncated while reading; handled
                }
                progressed = read;
            }
            if (follower.atEof()) {
                expireUnfinished(follower, now);
            }
            if (isDue(follower, now)) {
                emit(follower);
                return true;
            }
            if (follower.acks.isEmpty() && follower.batch.isEmpty() && follower.settledOffset() > follower.committedOffset) {
                // only dropped lines since the last batch: nothing to send, but the checkpoint may move
                commit(follower, follower.settledOffset(), now);
            }
            return progressed;
        } catch (IOException e) {
            metrics.readErrors.incrementAndGet();
            LOG.warn("Tail {}: cannot read {}: {}", config.getName(), follower.path, e.toString());
            backOff(follower, now);
            return false;
        }
    }

    /** @return whether data was read; null when the file turned out to be truncated (already handled) */
    private Boolean read(FileFollower follower, long now) throws IOException {
        boolean progressed = false;
        LineSink sink = follower.lineSink();
        follower.batch.stamp(now);
        while (!follower.batch.isFull()) {
            if (!follower.reader.drain(sink)) {
                break;
            }
            int read = follower.reader.fill(follower.channel);
            if (read == 0) {
                follower.markEof();
                break;
            }
            if (follower.state != FileFollower.State.TRUNCATED && follower.headChanged()) {
                // truncated and rewritten since the size check: these bytes are the new content's
                follower.reader.discardLastFill(read);
                truncated(follower, now);
                return null;
            }
            follower.markRead(now);
            progressed = true;
        }
        return progressed;
    }

    private boolean isDue(FileFollower follower, long now) {
        BatchBuilder batch = follower.batch;
        return !batch.isEmpty() && (batch.isFull() || now - batch.firstLineAt() >= config.getBatchLinger()
                || follower.isOrphan() && follower.atEof());
    }

    /** At end of file: an unfinished last line or an open record is passed on once its timeout expired. */
    private void expireUnfinished(FileFollower follower, long now) {
        boolean orphanDone = follower.isOrphan() && now - follower.lastGrowthAt >= orphanGraceMillis;
        if (follower.reader.hasPartialLine() && (orphanDone || now - follower.lastGrowthAt >= config.getLastLineTimeout())) {
            follower.reader.flushPartialLine(follower.lineSink());
        }
        if (follower.container != null && follower.container.hasPending()
                && (orphanDone || now - follower.lastGrowthAt >= config.getLastLineTimeout())) {
            follower.container.flush(); // a partial line whose end never came (the container stopped mid-line)
        }
        if (follower.multiline != null && follower.multiline.hasOpenRecord()
                && (orphanDone || now - follower.multiline.lastLineAt() >= config.getMultilineFlushTimeout())) {
            follower.multiline.closeRecord();
        }
    }

    /**
     * The file at this path was truncated (its size fell below what was read, or its head changed).
     * The data not yet read is in logrotate's copy if there is one: the follower moves over to the
     * copy (same offsets, same content) and drains it; a new follower reads the path from 0. Bytes
     * the file was seen to hold beyond both the copy and what was read exist nowhere: counted.
     */
    private void truncated(FileFollower follower, long now) throws IOException {
        metrics.truncationsDetected.incrementAndGet();
        String path = follower.path;
        String key = follower.key();
        long device = follower.identity.device();
        long inode = follower.identity.inode();
        FileChannel original = follower.channel;
        long readPosition = follower.reader.readPosition();
        long seen = Math.max(follower.lastSeenSize, readPosition);
        followers.remove(key);
        Path directory = Path.of(path).getParent();
        Optional<RotatedFiles.Opened> copy = directory == null ? Optional.empty() : RotatedFiles.findCopy(directory, follower.identity);
        long lost;
        if (copy.isPresent() && !followers.containsKey(copy.get().file().key())) {
            RotatedFiles.Candidate found = copy.get().file();
            lost = Math.max(0, seen - Math.max(found.size(), readPosition));
            follower.moveTo(found.path().toString(), copy.get().channel(), found.device(), found.inode(), now);
            followers.put(follower.key(), follower);
            discovery.hold(follower.key());
            metrics.filesOpen.incrementAndGet();
            store.put(checkpoint(follower, follower.committedOffset, now));
            LOG.info("Tail {}: {} was truncated; reading its unread rest from offset {} of the copy {}",
                    config.getName(), path, readPosition, found.path());
        } else {
            copy.ifPresent(alreadyFollowed -> Discovery.close(alreadyFollowed.channel()));
            lost = copy.isPresent() ? 0 : Math.max(0, seen - readPosition);
            follower.passOnUnfinished();
            if (!follower.batch.isEmpty()) {
                emit(follower);
            }
            follower.detached = true;
            follower.channel = null;
            follower.state = FileFollower.State.CLOSED;
            detached.add(follower);
            if (lost > 0) {
                LOG.warn("Tail {}: {} was truncated and no copy of its content was found: {} bytes beyond offset {}"
                        + " were never read", config.getName(), path, lost, readPosition);
            }
        }
        countLost(lost);
        int headSize = FileIdentity.headLength(original.size());
        FileIdentity identity = new FileIdentity(device, inode, FileIdentity.hashHead(original, headSize), headSize);
        FileFollower fresh = newFollower(path, original, identity, 0, now);
        fresh.observeSize(original.size(), now);
        followers.put(key, fresh);
        store.put(checkpoint(fresh, 0, now));
    }

    private void countLost(long bytes) {
        if (bytes <= 0) {
            return;
        }
        metrics.bytesLostToTruncation.addAndGet(bytes);
        // this config's average line length: the truncated file may not have been read at all yet (a stall)
        long perLine = linesEmitted == 0 ? 0 : Math.max(1, bytesEmitted / linesEmitted);
        metrics.linesLostToTruncation.addAndGet(perLine == 0 ? 1 : (bytes + perLine - 1) / perLine);
    }

    /** Hands the follower's batch to the read-ahead. */
    private void emit(FileFollower follower) {
        long end = follower.settledOffset();
        long bytes = follower.batch.bytes();
        List<LogEvent> events = follower.batch.take();
        FileIdentity id = follower.identity;
        LogBatch batch = new LogBatch(events)
                .topic(topicOf(follower.path))
                .source(HostIdentity.address())
                .tag(TailConstants.TAG_PATH, follower.path)
                .tag(TailConstants.TAG_HOSTNAME, HostIdentity.hostName())
                .position(new TailFilePosition(follower.path, id.device(), id.inode(), id.headHash(), id.headSize(), end));
        if (podTags != null) {
            Map<String, String> tags = podTags.tagsOf(follower.path);
            tags.forEach(batch::tag);
            PodDirectory directory = podDirectory;
            if (directory != null && !tags.isEmpty()) {
                directory.tagsOf(tags.get(PodTags.NAMESPACE), tags.get(PodTags.POD_NAME)).forEach(batch::tag);
            }
        }
        long batchId = follower.nextBatchId++;
        follower.acks.sent(batchId, end);
        PendingBatch pending = new PendingBatch(follower, follower.generation, batchId, follower.emittedOffset, end,
                events.size(), bytes, batch);
        linesEmitted += events.size();
        bytesEmitted += end - follower.emittedOffset;
        metrics.linesRead.addAndGet(events.size());
        metrics.bytesRead.addAndGet(end - follower.emittedOffset);
        follower.emittedOffset = end;
        readAhead.add(pending);
    }

    // ---- delivery's answers -------------------------------------------------------------------

    private boolean applyAnswers(long now) {
        boolean any = false;
        Delivered answer;
        while ((answer = answers.poll()) != null) {
            any = true;
            PendingBatch batch = answer.batch();
            FileFollower follower = batch.source();
            if (batch.generation() != follower.generation) {
                continue; // read before a failure of the same file: it is read again
            }
            if (answer.failure() == null) {
                metrics.batchesDelivered.incrementAndGet();
                metrics.linesDelivered.addAndGet(batch.lines());
                metrics.bytesDelivered.addAndGet(batch.endOffset() - batch.startOffset());
                follower.retryDelay = 0;
                long committable = follower.acks.acknowledge(batch.id());
                if (committable >= 0) {
                    commit(follower, committable, now);
                }
                continue;
            }
            metrics.batchesFailed.incrementAndGet();
            follower.generation++;
            follower.acks.clear();
            if (follower.detached) {
                // its content is gone (truncated without a copy): nothing to read again
                metrics.linesLostToTruncation.addAndGet(batch.lines());
                LOG.warn("Tail {}: delivery of {} lines of {} failed after the file was truncated; they cannot be read again",
                        config.getName(), batch.lines(), follower.path);
                continue;
            }
            LOG.warn("Tail {}: delivery of {} lines of {} failed ({}); they are read and sent again",
                    config.getName(), batch.lines(), follower.path, answer.failure().toString());
            follower.rewindTo(follower.committedOffset);
            backOff(follower, now);
        }
        return any;
    }

    private void commit(FileFollower follower, long offset, long now) {
        follower.committedOffset = offset;
        if (!follower.detached) {
            store.put(checkpoint(follower, offset, now));
        }
    }

    private void backOff(FileFollower follower, long now) {
        follower.retryDelay = follower.retryDelay == 0 ? config.getRetryDelay()
                : Math.min(follower.retryDelay * 2, config.getMaxRetryDelay());
        follower.retryAt = now + follower.retryDelay;
    }

    // ---- closing ------------------------------------------------------------------------------

    /**
     * Closes orphans read to their end, idle files, and the oldest finished orphans beyond the rotated
     * queue; notes whether a file is idle-closed now ({@link #hasIdleClosedFiles}), in the same pass.
     */
    private void closeFinished(long now) {
        int openOrphans = 0;
        boolean idleClosed = false;
        for (FileFollower follower : followers.values()) {
            if (follower.isOpen() && follower.isOrphan()) {
                openOrphans++;
            }
            idleClosed |= follower.state == FileFollower.State.IDLE;
        }
        for (FileFollower follower : new ArrayList<>(followers.values())) {
            if (!follower.isOpen() || !follower.atEof() || !follower.isSettled() || now < follower.retryAt) {
                continue;
            }
            long idle = now - follower.lastGrowthAt;
            boolean orphanDone = follower.isOrphan()
                    && (idle >= orphanGraceMillis || openOrphans > config.getRotatedQueueSize());
            boolean idleDone = !follower.isOrphan() && idle >= config.getIdleCloseTimeout();
            if ((orphanDone || idleDone) && follower.hasUnreadBytes()) {
                continue; // the size once more, only when about to close: while paused nothing reads, and files still grow
            }
            if (orphanDone) {
                follower.close();
                follower.state = FileFollower.State.CLOSED;
                metrics.filesOpen.decrementAndGet();
                forget(follower);
                openOrphans--;
            } else if (idleDone) {
                try {
                    follower.closedSize = follower.channel.size();
                    follower.closedModified = Files.getLastModifiedTime(Path.of(follower.path)).toMillis();
                } catch (IOException | RuntimeException e) {
                    follower.closedSize = -1;
                }
                follower.close();
                follower.state = FileFollower.State.IDLE;
                metrics.filesOpen.decrementAndGet();
                idleClosed = true;
            }
        }
        idleFilesClosed = idleClosed;
    }

    private void forget(FileFollower follower) {
        followers.remove(follower.key());
        discovery.release(follower.key());
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The followers by key, for tests that step the engine. */
    Map<String, FileFollower> followers() {
        return followers;
    }

    FileCheckpoint checkpoint(FileFollower follower, long offset, long now) {
        FileIdentity id = follower.identity;
        return new FileCheckpoint(follower.path, id.device(), id.inode(), id.headHash(), id.headSize(), offset, now, now);
    }

    private FileFollower newFollower(String path, FileChannel channel, FileIdentity identity, long start, long now) {
        LineReader reader = new LineReader(decoder, config.getMaxLineSize(), metrics.linesSplit);
        MultilineAssembler multiline = config.isMultiline()
                ? new MultilineAssembler(multilineStart, multilineContinue, multilineEnd, config.getUnmatchedPolicy(),
                config.getMaxLineSize(), metrics.multilineUnmatchedDiscarded, () -> this.now)
                : null;
        BatchBuilder batch = new BatchBuilder(config.getMaxBatchLines(), config.getMaxBatchBytes());
        FileFollower follower = new FileFollower(path, channel, identity, start, reader, multiline, batch, now);
        if (config.getFormat() != ContainerLogFormat.PLAIN) {
            follower.frameAs(new ContainerLogJoiner(config.getFormat(), config.getMaxLineSize(),
                    metrics.containerLinesInvalid, metrics.linesSplit));
        }
        return follower;
    }

    private String topicOf(String path) {
        if (topicPattern == null) {
            return "";
        }
        Matcher matcher = topicPattern.matcher(path);
        return matcher.find() && matcher.group(1) != null ? matcher.group(1) : "";
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
}
