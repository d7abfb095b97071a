package io.logcamel.tail;

import io.logcamel.checkpoint.CheckpointStore;
import io.logcamel.event.LogEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A deterministic model test of the tail's engine: random sequences of writes, rename rotations
 * (including the application writing on into the renamed file), copytruncate (with lines written
 * between logrotate's copy and its truncate), sweeps, reads, deliveries, failed deliveries, time
 * passing, clean stops and crashes (with a batch delivered but not acknowledged; the agent stays down
 * while files are written and rotated until an operation needs it again), on real files,
 * with the engine stepped by the test on a simulated clock and no threads. The oracle: every line
 * arrives, except those copytruncate destroyed and those a crash took with it (undelivered, in a
 * file already deleted, held only by the dead process's descriptor); duplicates only after a crash,
 * at most the lines delivered but not yet durably checkpointed.
 *
 * <p>The agent reacts to file-system events as inotify lets it (a sweep when a file appears, a
 * step when one is written or truncated); what the model withholds is delivery (a stalled or failing
 * destination, a full read-ahead), time, and the agent itself (stopped or crashed).
 *
 * <p>The same seed gives the same run. A failing sequence is shrunk (operations removed while it
 * still fails) and reported with its seed; replay it with {@code -Dtail.model.seed=N}.
 */
class TailEngineModelTest {

    private static final int SEEDS = Integer.getInteger("tail.model.seeds", 120);
    private static final int OPERATIONS = 60;

    /** One operation of the model. */
    record Op(String kind, int amount) {
        @Override
        public String toString() {
            return amount == 0 ? kind : kind + "(" + amount + ")";
        }
    }

    @Test
    void randomSequencesLoseNothingAndDuplicateOnlyAfterCrashes() throws Exception {
        Integer only = Integer.getInteger("tail.model.seed");
        int from = only != null ? only : 1;
        int to = only != null ? only : SEEDS;
        for (int seed = from; seed <= to; seed++) {
            List<Op> ops = generate(new Random(seed));
            String failure = run(ops);
            if (failure != null) {
                List<Op> shrunk = shrink(ops);
                fail("seed " + seed + " fails: " + failure + "\n  shrunk to " + shrunk.size() + " operations: " + shrunk
                        + "\n  which fail with: " + run(shrunk) + "\n  original: " + ops);
            }
        }
    }

    /**
     * The case of the 15 s outage under logrotate's {@code rotate 1}: a rotated file was read to its
     * end and acknowledged, then its application (not reopened yet) wrote more to it, while the
     * read-ahead was full of another file's backlog. It must not count as finished and be closed
     * once the orphan grace passed: at its end is what its size says, not where the last read stopped.
     */
    @Test
    void aRotatedFileThatGrowsWhileTheReadAheadIsFullIsReadToItsRealEnd() throws Exception {
        Path dir = Files.createTempDirectory("tail-model-orphan");
        try (Model model = new Model(dir)) {
            model.apply(new Op("write", 10));
            model.apply(new Op("advance", 200));
            model.apply(new Op("step", 1)); // the first file's batch is in the read-ahead
            // logrotate's create: renamed and a new file made; the application still writes to the old one
            Files.move(model.active, model.logs.resolve("app.log.1"), StandardCopyOption.ATOMIC_MOVE);
            FileChannel old = model.writer;
            model.writer = model.openWriter();
            model.apply(new Op("sweep", 0));
            model.apply(new Op("write", 1500)); // the new file's backlog fills the read-ahead behind it
            model.apply(new Op("step", 40));
            model.apply(new Op("deliver", 1)); // the first file is acknowledged: settled at the end it read
            model.apply(new Op("step", 4));
            model.write(old, 10, false); // and grows, while there is no room to read it
            model.apply(new Op("step", 2));
            model.apply(new Op("advance", 3000)); // past the orphan grace
            model.apply(new Op("step", 4));
            old.close();
            String failure = model.settleAndCheck();
            if (failure != null) {
                fail(failure);
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    /** A file that lived under its watched name only between two looks of discovery is read all the same. */
    @Test
    void aFileRotatedAwayBeforeDiscoverySawItIsRead() throws Exception {
        Path dir = Files.createTempDirectory("tail-model-unseen");
        try (Model model = new Model(dir)) {
            model.apply(new Op("write", 10));
            model.apply(new Op("rotateUnseen", 150));
            model.apply(new Op("write", 50));
            model.apply(new Op("rotateUnseen", 20));
            model.apply(new Op("advance", 3000));
            String failure = model.settleAndCheck();
            if (failure != null) {
                fail(failure);
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    static List<Op> generate(Random random) {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < OPERATIONS; i++) {
            int choice = random.nextInt(100);
            if (choice < 25) {
                ops.add(new Op("write", 1 + random.nextInt(random.nextBoolean() ? 20 : 400)));
            } else if (choice < 30) {
                ops.add(new Op("rotate", random.nextInt(3) == 0 ? random.nextInt(30) : 0));
            } else if (choice < 33) {
                ops.add(new Op("rotateUnseen", 1 + random.nextInt(50)));
            } else if (choice < 38) {
                ops.add(new Op("copytruncate", random.nextInt(3) == 0 ? 1 + random.nextInt(20) : 0));
            } else if (choice < 50) {
                ops.add(new Op("sweep", 0));
            } else if (choice < 65) {
                ops.add(new Op("step", 1 + random.nextInt(4)));
            } else if (choice < 78) {
                ops.add(new Op("deliver", 1 + random.nextInt(5)));
            } else if (choice < 82) {
                ops.add(new Op("fail", 0));
            } else if (choice < 90) {
                ops.add(new Op("advance", 50 + random.nextInt(random.nextBoolean() ? 500 : 4000)));
            } else if (choice < 94) {
                ops.add(new Op("restart", 0)); // a clean stop; the agent is down until an operation needs it
            } else if (choice < 97) {
                ops.add(new Op("crash", 0));
            } else {
                ops.add(new Op("crashMidDelivery", 0));
            }
        }
        return ops;
    }

    /** Removes operations, largest chunks first, while the sequence still fails (a small delta debugging). */
    static List<Op> shrink(List<Op> failing) throws Exception {
        List<Op> current = new ArrayList<>(failing);
        int budget = 400;
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1 && budget > 0; chunk /= 2) {
            boolean removed = true;
            while (removed && budget > 0) {
                removed = false;
                for (int start = 0; start + chunk <= current.size() && budget > 0; ) {
                    List<Op> candidate = new ArrayList<>(current.subList(0, start));
                    candidate.addAll(current.subList(start + chunk, current.size()));
                    budget--;
                    if (run(candidate) != null) {
                        current = candidate;
                        removed = true;
                    } else {
                        start += chunk;
                    }
                }
            }
        }
        return current;
    }

    /** Runs one sequence in a fresh directory; null when the oracle holds, else what broke. */
    static String run(List<Op> ops) throws Exception {
        // on tmpfs when there is one: the model writes its checkpoints durably after every step, and
        // real fsyncs would make a run of a hundred seeds take a minute
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "tail-model")
                : Files.createTempDirectory("tail-model");
        try (Model model = new Model(dir)) {
            for (Op op : ops) {
                model.apply(op);
            }
            return model.settleAndCheck();
        } finally {
            deleteRecursively(dir);
        }
    }

    /** The world: a log directory, an application writing to it, logrotate, and an agent that can crash. */
    static final class Model implements AutoCloseable {
        final Path logs;
        final Path checkpoints;
        final Path active;
        long now = 1_800_000_000_000L;
        int next;
        final Set<Integer> destroyed = new HashSet<>();
        /**
         * Not delivered and on no file when an agent starts: deleted while the agent was down, or
         * held only by the descriptor of an agent that crashed. Nobody can read these any more.
         */
        final Set<Integer> goneWhileDown = new HashSet<>();
        final Map<Integer, Integer> arrivals = new HashMap<>();
        long duplicateBound;
        long deliveredSinceFlush;
        FileChannel writer;
        Agent agent;

        Model(Path dir) throws IOException {
            logs = Files.createDirectories(dir.resolve("logs"));
            checkpoints = dir.resolve("ckpt");
            active = logs.resolve("app.log");
            writer = openWriter();
            agent(); // the agent runs from the start: files rotated before it first ran are history
        }

        /** The running agent; one is started (with its initial sweep) if it was down. */
        Agent agent() throws IOException {
            if (agent == null) {
                markGoneFromDisk();
                agent = new Agent(this);
                agent.sweep(); // as TailConsumer.doStart: the first sweep is applied before the route counts as started
                agent.step();
            }
            return agent;
        }

        void apply(Op op) throws Exception {
            now++; // everything takes a little time
            switch (op.kind()) {
                case "write" -> {
                    write(writer, op.amount(), false);
                    if (agent != null) {
                        agent.sweep(); // inotify's modify event: a sweep (reopens an idle-closed file) and the
                        agent.step();  // reader wakes up and sees the size (reading waits if the read-ahead is full)
                    }
                }
                case "rotate" -> rotate(op.amount());
                case "rotateUnseen" -> rotateUnseen(op.amount());
                case "copytruncate" -> copytruncate(op.amount());
                case "sweep" -> agent().sweep();
                case "step" -> {
                    for (int i = 0; i < op.amount(); i++) {
                        agent().step();
                    }
                }
                case "deliver" -> agent().deliver(op.amount(), false);
                case "fail" -> agent().deliver(1, true);
                case "advance" -> now += op.amount();
                case "restart" -> {
                    // a clean stop; the agent stays down (files may rotate) until an operation needs it
                    if (agent != null) {
                        agent.stopCleanly();
                        agent = null;
                    }
                }
                case "crash" -> {
                    if (agent != null) {
                        agent.crash();
                        agent = null;
                    }
                }
                case "crashMidDelivery" -> {
                    if (agent != null) {
                        agent.deliverWithoutAnswer();
                        agent.crash();
                        agent = null;
                    }
                }
                default -> throw new IllegalArgumentException(op.kind());
            }
        }

        private void markGoneFromDisk() throws IOException {
            Set<Integer> onDisk = new HashSet<>();
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.toList()) {
                    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                        if (line.length() >= 8) {
                            onDisk.add(NumberedLines.numberOf(line));
                        }
                    }
                }
            }
            for (int n = 0; n < next; n++) {
                if (!arrivals.containsKey(n) && !onDisk.contains(n)) {
                    goneWhileDown.add(n);
                }
            }
        }

        /** Lets the agent catch up (time passing, sweeps, reads, deliveries), then checks the oracle. */
        String settleAndCheck() throws Exception {
            int quiet = 0;
            for (int round = 0; round < 120 && quiet < 8; round++) {
                int before = arrivals.size();
                agent().sweep();
                for (int i = 0; i < 3; i++) {
                    agent().step();
                }
                agent().deliver(Integer.MAX_VALUE, false);
                agent().step();
                now += 700; // past linger, last-line timeout, retry delays and the orphan grace
                quiet = arrivals.size() == before && agent().readAhead.queued() == 0 ? quiet + 1 : 0;
            }
            List<Integer> lost = new ArrayList<>();
            long duplicates = 0;
            for (int n = 0; n < next; n++) {
                int count = arrivals.getOrDefault(n, 0);
                if (count == 0 && !destroyed.contains(n) && !goneWhileDown.contains(n)) {
                    lost.add(n);
                }
                if (count > 0 && destroyed.contains(n)) {
                    return "line " + n + " arrived although copytruncate destroyed it";
                }
                duplicates += Math.max(0, count - 1);
            }
            if (!lost.isEmpty()) {
                return lost.size() + " lost of " + next + ", first " + lost.subList(0, Math.min(10, lost.size()))
                        + "; " + agent().metrics;
            }
            if (duplicates > duplicateBound) {
                return duplicates + " duplicates, bound " + duplicateBound + "; " + agent().metrics;
            }
            return null;
        }

        private FileChannel openWriter() throws IOException {
            return FileChannel.open(active, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }

        private void write(FileChannel channel, int lines, boolean destroy) throws IOException {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                if (destroy) {
                    destroyed.add(next);
                }
                text.append(NumberedLines.line(next++)).append('\n');
            }
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            touch(active);
        }

        /** The file system's clock is the model's: mtimes and checkpoint times agree as they do on one machine. */
        private void touch(Path path) throws IOException {
            if (Files.exists(path)) {
                Files.setLastModifiedTime(path, FileTime.fromMillis(now));
            }
        }

        /** logrotate's rename scheme keeping 3; the application writes {@code late} more lines to the old file before reopening. */
        private void rotate(int late) throws IOException {
            shift();
            Files.move(active, logs.resolve("app.log.1"), StandardCopyOption.ATOMIC_MOVE);
            if (late > 0) {
                write(writer, late, false);
                touch(logs.resolve("app.log.1"));
            }
            writer.close();
            writer = openWriter();
            touch(active);
            if (agent != null) {
                agent.sweep(); // inotify: the new file is found (and held) as it appears,
                agent.step();  // and the reader wakes up to the sweep
            }
        }

        /**
         * Two rotations in a row, so fast that discovery never sees the file between them under
         * its watched name: it is created, written ({@code lines}) and renamed to {@code app.log.1}
         * before the next look (logrotate run twice within milliseconds; an application rolling its
         * file by size at a high rate).
         */
        private void rotateUnseen(int lines) throws IOException {
            shift();
            Files.move(active, logs.resolve("app.log.1"), StandardCopyOption.ATOMIC_MOVE);
            writer.close();
            writer = openWriter();
            touch(active);
            write(writer, lines, false);
            rotate(0);
        }

        /** logrotate's copytruncate: copy, {@code between} lines written after the copy are destroyed by the truncate. */
        private void copytruncate(int between) throws IOException {
            shift();
            Files.copy(active, logs.resolve("app.log.1"));
            touch(logs.resolve("app.log.1"));
            if (between > 0) {
                write(writer, between, true);
            }
            writer.truncate(0);
            touch(active);
            if (agent != null) {
                agent.step(); // the truncate is a modify event: the reader wakes up and looks
            }
        }

        private void shift() throws IOException {
            Files.deleteIfExists(logs.resolve("app.log.3"));
            for (int i = 2; i >= 1; i--) {
                Path from = logs.resolve("app.log." + i);
                if (Files.exists(from)) {
                    Files.move(from, logs.resolve("app.log." + (i + 1)), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }

        void arrived(PendingBatch batch) {
            for (LogEvent event : batch.batch().events()) {
                String line = event.get(LogEvent.CONTENT);
                arrivals.merge(NumberedLines.numberOf(line), 1, Integer::sum);
            }
        }

        @Override
        public void close() throws Exception {
            if (agent != null) {
                agent.crash();
            }
            writer.close();
        }
    }

    /** One agent process: its engine, discovery, read-ahead and checkpoint store, stepped by the model. */
    static final class Agent {
        final Model model;
        final TailMetrics metrics = new TailMetrics();
        final CheckpointStore store;
        final Discovery discovery;
        final ReadAhead readAhead;
        final TailEngine engine;
        boolean swept;

        Agent(Model model) {
            this.model = model;
            TailConfiguration config = new TailConfiguration();
            config.setName("model");
            config.setPath(model.logs.toString());
            config.setInclude("app.log");
            config.setStartPosition(StartPosition.HEAD);
            config.setMaxBatchLines(50);
            config.setReadAheadBytes(64 * 1024);
            config.setBatchLinger(100);
            config.setPollInterval(500);
            config.setLastLineTimeout(500);
            config.setIdleCloseTimeout(3000);
            config.setRetryDelay(100);
            config.setMaxRetryDelay(400);
            config.setCheckpointDir(model.checkpoints.toString());
            config.validate();
            store = new CheckpointStore(model.checkpoints, "model", 0, config.getCheckpointRetention(), null);
            discovery = new Discovery(new PathScanner(config.baseDirectories(), config.includes(), config.excludes(),
                    config.getMaxDepth()), null, metrics);
            readAhead = new ReadAhead(config.getReadAheadBytes());
            engine = new TailEngine(config, store, metrics, readAhead, discovery, () -> { });
            model.deliveredSinceFlush = 0;
        }

        void sweep() {
            engine.offer(discovery.sweep(!swept));
            swept = true;
        }

        void step() {
            engine.step(model.now);
            store.flush(model.now); // durable after every step; a crash loses what came after
            model.deliveredSinceFlush = 0;
        }

        void deliver(int batches, boolean failing) throws InterruptedException {
            for (int i = 0; i < batches; i++) {
                PendingBatch batch = readAhead.take(0);
                if (batch == null) {
                    return;
                }
                readAhead.release(batch);
                if (failing) {
                    engine.delivered(batch, new IllegalStateException("simulated delivery failure"));
                } else {
                    model.arrived(batch);
                    model.deliveredSinceFlush += batch.lines();
                    engine.delivered(batch, null);
                }
            }
        }

        /** Delivered (the Logstore has it) but the process dies before the answer is applied. */
        void deliverWithoutAnswer() throws InterruptedException {
            PendingBatch batch = readAhead.take(0);
            if (batch != null) {
                model.arrived(batch);
                model.deliveredSinceFlush += batch.lines();
            }
        }

        void stopCleanly() {
            readAhead.clear();
            engine.stop(model.now);
        }

        /** SIGKILL: descriptors close, nothing more is written. */
        void crash() {
            model.duplicateBound += model.deliveredSinceFlush;
            for (FileFollower follower : engine.followers().values()) {
                follower.close();
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
