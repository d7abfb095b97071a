package io.logcamel.tail;

import io.logcamel.checkpoint.CheckpointFile;
import io.logcamel.checkpoint.CheckpointSnapshot;
import io.logcamel.checkpoint.FileCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.logcamel.tail.TailHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints at work: restart mid-stream, rename while stopped, failed delivery, re-read on purpose. */
class TailRestartTest {

    private static final String FAST = "&pollInterval=100&batchLinger=20&lastLineTimeout=500";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void restartMidStreamLosesNothingAndDuplicatesAtMostTheBatchInFlight() throws Exception {
        int total = 100_000;
        int maxBatchLines = 1000;
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path checkpoints = dir.resolve("ckpt");
        String uri = "tail:restart?path=" + logs + "&maxBatchLines=" + maxBatchLines + FAST;
        NumberedLines.Oracle oracle = new NumberedLines.Oracle(total);
        try (NumberedLines.Writer writer = new NumberedLines.Writer(logs.resolve("app.log"))) {
            Thread writing = new Thread(() -> {
                try {
                    while (writer.next < total) {
                        writer.write(100);
                        Thread.sleep(2);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (TailHarness first = new TailHarness(checkpoints, uri, oracle)) {
                writing.start();
                await("a third delivered", WAIT, () -> oracle.arrived(total) > total / 3);
            } // stopped mid-stream, the writer keeps going
            int beforeRestart = oracle.arrived(total);
            assertTrue(beforeRestart < total, "stopped before the end");
            Thread.sleep(200);
            try (TailHarness second = new TailHarness(checkpoints, uri, oracle)) {
                writing.join();
                await(WAIT, () -> oracle.arrived(total) == total, () -> oracle.report(total));
                Thread.sleep(300);
                int duplicated = oracle.duplicated(total);
                System.out.println("restart mid-stream: " + oracle.report(total));
                assertEquals(0, oracle.lost(total), oracle.report(total));
                assertTrue(duplicated <= maxBatchLines, "duplicates bounded by the batch in flight: " + oracle.report(total));
            }
        }
    }

    @Test
    void fileRenamedWhileStoppedIsFinishedWithoutRereading() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path checkpoints = dir.resolve("ckpt");
        String uri = "tail:renamed?path=" + logs + "&include=app.log*" + FAST;
        NumberedLines.Oracle oracle = new NumberedLines.Oracle(20_000);
        try (NumberedLines.Writer writer = new NumberedLines.Writer(logs.resolve("app.log"))) {
            try (TailHarness first = new TailHarness(checkpoints, uri, oracle)) {
                writer.write(10_000);
                await("first 10k", WAIT, () -> oracle.arrived(10_000) == 10_000);
            }
            writer.write(5_000); // while stopped: more lines, then the file is rotated away
            TailRotationTest.rotate(logs, 20);
        }
        try (NumberedLines.Writer writer = new NumberedLines.Writer(logs.resolve("app.log"))) {
            writer.next = 15_000;
            writer.write(5_000);
        }
        try (TailHarness second = new TailHarness(checkpoints, uri, oracle)) {
            await(WAIT, () -> oracle.arrived(20_000) == 20_000, () -> oracle.report(20_000));
            Thread.sleep(300);
            assertEquals(0, oracle.lost(20_000) + oracle.duplicated(20_000), oracle.report(20_000));
        }
    }

    @Test
    void failedDeliveryKeepsTheCheckpointAndIsRetriedUntilItWorks() throws Exception {
        int total = 5_000;
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path checkpoints = dir.resolve("ckpt");
        NumberedLines.Oracle oracle = new NumberedLines.Oracle(total);
        oracle.failing.set(true);
        try (TailHarness tail = new TailHarness(checkpoints, "tail:failing?path=" + logs + "&retryDelay=50&maxRetryDelay=200"
                + "&checkpointFlushInterval=0" + FAST, oracle);
             NumberedLines.Writer writer = new NumberedLines.Writer(logs.resolve("app.log"))) {
            writer.write(total);
            await("several failed attempts", WAIT, () -> oracle.failures.get() >= 5);
            assertEquals(0, tail.metrics().getLinesDelivered());
            CheckpointSnapshot during = new CheckpointFile(checkpoints, "failing").load().orElseThrow();
            assertEquals(List.of(0L), during.entries().stream().map(FileCheckpoint::offset).toList(),
                    "checkpoint stays at 0 while deliveries fail");
            oracle.failing.set(false);
            await(WAIT, () -> oracle.arrived(total) == total, () -> oracle.report(total));
            Thread.sleep(300);
            assertEquals(0, oracle.lost(total) + oracle.duplicated(total), oracle.report(total));
            await("checkpoint at the end", WAIT, () -> new CheckpointFile(checkpoints, "failing").load().orElseThrow()
                    .entries().get(0).offset() == sizeOf(logs.resolve("app.log")));
        }
    }

    @Test
    void rereadFromStartTokenRereadsOnceThenResumesNormally() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path checkpoints = dir.resolve("ckpt");
        Files.writeString(logs.resolve("app.log"), "a\nb\n");
        String uri = "tail:reread?path=" + logs + "&startPosition=head" + FAST;
        try (TailHarness tail = new TailHarness(checkpoints, uri)) {
            await("2 lines", WAIT, () -> tail.recorder.count() == 2);
        }
        try (TailHarness tail = new TailHarness(checkpoints, uri + "&rereadFromStart=2026-11-24")) {
            await("read again from the start", WAIT, () -> tail.recorder.count() == 2);
        }
        Files.writeString(logs.resolve("app.log"), "c\n", java.nio.file.StandardOpenOption.APPEND);
        try (TailHarness tail = new TailHarness(checkpoints, uri + "&rereadFromStart=2026-11-24")) {
            await("only the new line", WAIT, () -> tail.recorder.count() == 1);
            Thread.sleep(300);
            assertEquals(List.of("c"), tail.recorder.lines());
        }
    }

    @Test
    void corruptNewestCheckpointFallsBackToThePreviousOneWithoutLoss() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path checkpoints = dir.resolve("ckpt");
        String uri = "tail:torn?path=" + logs + "&checkpointFlushInterval=0" + FAST;
        NumberedLines.Oracle oracle = new NumberedLines.Oracle(3_000);
        try (NumberedLines.Writer writer = new NumberedLines.Writer(logs.resolve("app.log"))) {
            try (TailHarness tail = new TailHarness(checkpoints, uri, oracle)) {
                writer.write(1_000);
                await("first 1000", WAIT, () -> oracle.arrived(1_000) == 1_000);
                writer.write(1_000);
                await("second 1000", WAIT, () -> oracle.arrived(2_000) == 2_000);
            }
            writer.write(1_000);
        }
        CheckpointFile file = new CheckpointFile(checkpoints, "torn");
        file.load();
        Path newestSlot = file.newestSlot();
        byte[] bytes = Files.readAllBytes(newestSlot);
        Files.write(newestSlot, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // a torn write
        try (TailHarness tail = new TailHarness(checkpoints, uri, oracle)) {
            await(WAIT, () -> oracle.arrived(3_000) == 3_000, () -> oracle.report(3_000));
            assertEquals(0, oracle.lost(3_000), oracle.report(3_000));
            // one write behind: at most the second 1,000 lines come again
            assertTrue(oracle.duplicated(3_000) <= 1_000, oracle.report(3_000));
            System.out.println("after a torn checkpoint: " + oracle.report(3_000));
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (Exception e) {
            return -1;
        }
    }
}
