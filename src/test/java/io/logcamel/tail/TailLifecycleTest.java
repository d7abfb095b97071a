package io.logcamel.tail;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import static io.logcamel.tail.TailHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idle close and reopen, inode reuse, component discovery and option validation. */
class TailLifecycleTest {

    private static final String FAST = "&pollInterval=100&batchLinger=20&lastLineTimeout=300";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void idleFileIsClosedAndReopenedWhenItChanges() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path file = logs.resolve("app.log");
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:idle?path=" + logs + "&idleCloseTimeout=300" + FAST)) {
            Files.writeString(file, "one\n");
            await("first line", WAIT, () -> tail.recorder.count() == 1);
            await("closed when idle", WAIT, () -> tail.metrics().getFilesOpen() == 0);
            Files.writeString(file, "two\n", StandardOpenOption.APPEND);
            await("reopened and read on", WAIT, () -> tail.recorder.count() == 2);
            assertEquals(List.of("one", "two"), tail.recorder.lines());
        }
    }

    @Test
    void aNewFileOnAReusedInodeIsReadWholeAndTheOldOneIsNotReread() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path file = logs.resolve("app.log");
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:reuse?path=" + logs + FAST)) {
            for (int round = 0; round < 3; round++) {
                int expected = (round + 1) * 2;
                Files.writeString(file, "gen" + round + "-a\ngen" + round + "-b\n");
                await(WAIT, () -> tail.recorder.count() == expected, () -> tail.recorder.lines().toString());
                Files.delete(file); // the next create often gets the same inode back
                await("deleted file closed", WAIT, () -> tail.metrics().getFilesOpen() == 0);
            }
            Thread.sleep(300);
            assertEquals(6, tail.recorder.count(), tail.recorder.lines().toString());
            assertEquals(6, tail.recorder.lines().stream().distinct().count());
        }
    }

    @Test
    void suspendedRoutePausesReadingAndResumesWhereItWas() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path file = logs.resolve("app.log");
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:pause?path=" + logs + FAST)) {
            Files.writeString(file, "before\n");
            await("first line", WAIT, () -> tail.recorder.count() == 1);
            tail.context.getRouteController().suspendRoute("tail-test");
            assertEquals(org.apache.camel.ServiceStatus.Suspended, tail.context.getRouteController().getRouteStatus("tail-test"),
                    "the consumer is Suspendable: suspending keeps it (and its open files), it is not stopped");
            Files.writeString(file, "while-paused\n", StandardOpenOption.APPEND);
            long discovered = tail.metrics().getFilesDiscovered();
            Files.writeString(logs.resolve("new.log"), "new-while-paused\n");
            await("a file created while suspended is opened", WAIT, () -> tail.metrics().getFilesDiscovered() == discovered + 1);
            Thread.sleep(500); // several read cycles: nothing may be delivered while suspended
            assertEquals(1, tail.recorder.count());
            tail.context.getRouteController().resumeRoute("tail-test");
            await("lines written while paused", WAIT, () -> tail.recorder.count() == 3);
            assertEquals(java.util.Set.of("before", "while-paused", "new-while-paused"), new java.util.HashSet<>(tail.recorder.lines()));
        }
    }

    @Test
    void compressedRotationsAreNeverReadAsText() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:gz?path=" + logs + "&include=app.log*" + FAST)) {
            gzip(logs.resolve("app.log.2.gz"), "old-1\nold-2\n");
            gzip(logs.resolve("app.log.3"), "older-1\n"); // compressed, without the name saying so
            Files.writeString(logs.resolve("app.log"), "live\n");
            await("the live line", WAIT, () -> tail.recorder.count() == 1);
            await("the compressed content recognised", WAIT, () -> tail.metrics().getCompressedFilesSkipped() == 1);
            Thread.sleep(300); // more sweeps: still nothing from the compressed files
            assertEquals(List.of("live"), tail.recorder.lines());
            assertEquals(1, tail.metrics().getCompressedFilesSkipped(), "counted once, not once per sweep");
        }
    }

    /** Written elsewhere and moved in, as logrotate's compress does (gzip writes a new file whole). */
    private void gzip(Path file, String text) throws Exception {
        Path temp = dir.resolve(file.getFileName() + ".tmp");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(temp))) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void componentIsFoundByItsSchemeAndBadOptionsAreNamed() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.start();
            TailEndpoint endpoint = (TailEndpoint) context.getEndpoint("tail:found?path=" + dir + "&checkpointDir=" + dir);
            assertEquals("found", endpoint.getConfiguration().getName());
            assertEquals(512 * 1024, endpoint.getConfiguration().getMaxLineSize());
            Exception bad = assertThrows(Exception.class, () -> context.getEndpoint("tail:bad?path=" + dir + "&maxLineSize=9999999999"));
            assertTrue(describe(bad).contains("maxLineSize"), describe(bad));
            Exception tooBig = assertThrows(Exception.class, () -> context.getEndpoint("tail:big?path=" + dir + "&maxLineSize=9000000"));
            assertTrue(describe(tooBig).contains("maxLineSize"), describe(tooBig));
            Exception regex = assertThrows(Exception.class, () -> context.getEndpoint("tail:re?path=" + dir + "&multilineStart=RAW(([)"));
            assertTrue(describe(regex).contains("multilineStart"), describe(regex));
            Exception queue = assertThrows(Exception.class, () -> context.getEndpoint("tail:q?path=" + dir + "&rotatedQueueSize=5"));
            assertTrue(describe(queue).contains("rotatedQueueSize"), describe(queue));
            Exception readAhead = assertThrows(Exception.class, () -> context.getEndpoint("tail:ra?path=" + dir + "&readAheadBytes=100"));
            assertTrue(describe(readAhead).contains("readAheadBytes"), describe(readAhead));
            Exception inFlight = assertThrows(Exception.class, () -> context.getEndpoint("tail:if?path=" + dir + "&maxBatchesInFlight=0"));
            assertTrue(describe(inFlight).contains("maxBatchesInFlight"), describe(inFlight));
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append(" / ");
        }
        return text.toString();
    }
}
