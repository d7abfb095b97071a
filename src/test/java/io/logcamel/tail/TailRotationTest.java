package io.logcamel.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.logcamel.tail.TailHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rename rotation and copytruncate under a running writer: every line exactly once. */
class TailRotationTest {

    private static final String FAST = "&pollInterval=100&batchLinger=20&lastLineTimeout=500";

    @TempDir
    Path dir;

    @Test
    void rotationStormLosesAndDuplicatesNothingWhenRotatedNamesMatch() throws Exception {
        rotationStorm(200_000, "app.log*");
    }

    @Test
    void rotationStormDrainsRenamedFilesOutsideTheGlob() throws Exception {
        // only app.log matches: each renamed file is followed by its open handle until its end
        rotationStorm(100_000, "app.log");
    }

    private void rotationStorm(int total, String include) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path active = logs.resolve("app.log");
        NumberedLines.Oracle oracle = new NumberedLines.Oracle(total);
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:storm?path=" + logs + "&include=" + include + FAST, oracle);
             NumberedLines.Writer writer = new NumberedLines.Writer(active)) {
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger rotations = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread rotator = new Thread(() -> {
                try {
                    while (writing.get()) {
                        Thread.sleep(100);
                        rotate(logs, 20);
                        writer.requestReopen();
                        rotations.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "rotator");
            rotator.start();
            long started = System.nanoTime();
            while (writer.next < total) {
                writer.write(Math.min(100, total - writer.next));
                // about 25k lines per second: the storm lasts several seconds and spans ~80 rotations
                long due = started + writer.next * 40_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            writing.set(false);
            rotator.join();
            assertEquals(null, failure.get());
            await(Duration.ofSeconds(30), () -> oracle.arrived(total) == total,
                    () -> oracle.report(total) + " after " + rotations.get() + " rotations; " + tail.metrics());
            Thread.sleep(500); // late duplicates would show up now
            assertEquals(0, oracle.lost(total) + oracle.duplicated(total), oracle.report(total) + ", " + rotations.get() + " rotations");
            assertTrue(rotations.get() >= 20, "rotations: " + rotations.get());
        }
    }

    /** logrotate's rename scheme: app.log.(n-1) -> app.log.n, ..., app.log -> app.log.1; the oldest is deleted. */
    static void rotate(Path logs, int keep) throws Exception {
        Files.deleteIfExists(logs.resolve("app.log." + keep));
        for (int i = keep - 1; i >= 1; i--) {
            Path from = logs.resolve("app.log." + i);
            if (Files.exists(from)) {
                Files.move(from, logs.resolve("app.log." + (i + 1)), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        if (Files.exists(logs.resolve("app.log"))) {
            // the writer re-creates app.log at its next write: under load a second rotation may come first
            Files.move(logs.resolve("app.log"), logs.resolve("app.log.1"), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * copytruncate copies the file and then truncates it in place. Lines written between the copy
     * and the truncate, and lines not yet read when the truncate lands, exist only in the copy: any
     * tailer that follows the original loses them (logrotate documents this window). The writer
     * therefore pauses from just before the copy until after the truncate, and the copy happens once
     * the agent has caught up, which is the condition under which no loss is possible.
     */
    @Test
    void copytruncateWhileTheAgentKeepsUpLosesAndDuplicatesNothing() throws Exception {
        int total = 40_000;
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path active = logs.resolve("app.log");
        NumberedLines.Oracle oracle = new NumberedLines.Oracle(total);
        int truncations = 0;
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:ct?path=" + logs + "&include=app.log" + FAST, oracle);
             NumberedLines.Writer writer = new NumberedLines.Writer(active)) {
            while (writer.next < total) {
                for (int burst = 0; burst < 20 && writer.next < total; burst++) {
                    writer.write(Math.min(100, total - writer.next));
                    Thread.sleep(2);
                }
                int written = writer.next;
                await(Duration.ofSeconds(10), () -> oracle.arrived(written) == written, () -> "caught up: " + oracle.report(written));
                Files.copy(active, logs.resolve("app.log.1"), StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel truncate = FileChannel.open(active, StandardOpenOption.WRITE)) {
                    truncate.truncate(0);
                }
                truncations++;
            }
            await(Duration.ofSeconds(20), () -> oracle.arrived(total) == total, () -> oracle.report(total) + "; " + tail.metrics());
            Thread.sleep(300);
            assertEquals(0, oracle.lost(total) + oracle.duplicated(total), oracle.report(total));
            long detected = tail.metrics().getTruncationsDetected();
            assertTrue(detected >= truncations - 1 && detected <= truncations, "detected " + detected + " of " + truncations);
        }
    }

    @Test
    void truncationThenRegrowthPastTheOffsetIsReadFromZero() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path file = logs.resolve("app.log");
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:regrow?path=" + logs + FAST)) {
            Files.writeString(file, "old-1\nold-2\n");
            await("old lines", Duration.ofSeconds(10), () -> tail.recorder.count() == 2);
            // '> file' followed at once by more bytes than were there: only the head hash tells
            Files.writeString(file, "new-1 longer than before\nnew-2\n", StandardOpenOption.TRUNCATE_EXISTING);
            await("new lines", Duration.ofSeconds(10), () -> tail.recorder.count() == 4);
            assertEquals(java.util.List.of("old-1", "old-2", "new-1 longer than before", "new-2"), tail.recorder.lines());
            assertEquals(1, tail.metrics().getTruncationsDetected());
        }
    }
}
