package io.logcamel.tail;

import io.logcamel.localstore.FaultInjector;
import io.logcamel.testing.LocalLogstoreFixture;
import io.logcamel.testing.NumberedLog;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's logrotate, with a state file and a config of its own, rotates {@code app.log} every
 * second (forced) for 30 s while an application writes 20,000 numbered 200-byte lines a second. The
 * route is what users write: {@code include: app.log}, shipping with {@code logstore:} to the real
 * local Logstore, which stalls 1.5 s for 2 s of every 5 (injected latency), and in one run is down
 * for 15 s. Every line is counted by its number in the Logstore.
 */
class TailLogrotateTest {

    private static final int LINES_PER_SECOND = 20_000;
    private static final int ROTATIONS = 30;

    private static LocalLogstoreFixture store;

    @TempDir
    static Path storeDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void startStore() throws IOException {
        TailHarness.activateLogging();
        store = new LocalLogstoreFixture(storeDir.resolve("store"));
    }

    @AfterAll
    static void stopStore() throws IOException {
        store.close();
    }

    @Test
    void createRotate5LosesNothing() throws Exception {
        assertEveryLineOnce(rotateUnderLoad("create5", "create\n    rotate 5", true, false));
    }

    @Test
    void compressWithDelaycompressLosesNothing() throws Exception {
        Run run = rotateUnderLoad("compress", "create\n    rotate 5\n    compress\n    delaycompress", true, false);
        assertEveryLineOnce(run);
        assertTrue(run.gzFiles > 0, "logrotate compressed nothing: " + run.report());
    }

    @Test
    void rotate1ThroughAFifteenSecondOutageLosesNothing() throws Exception {
        // with rotate 1 each rotated file is deleted at the next rotation: during the outage the
        // tail holds a dozen deleted files by their descriptors and drains them afterwards
        Run run = rotateUnderLoad("rotate1", "create\n    rotate 1", true, true);
        assertEveryLineOnce(run);
        assertTrue(run.batchesFailed > 0, "the outage failed no batch: " + run.report());
    }

    /**
     * copytruncate copies app.log and then truncates it: lines written between the copy and the
     * truncate are in neither file. The test reads, after each rotation, the last whole line of the
     * copy and the first line of the truncated file; the numbers between are logrotate's own loss.
     * Only those may be missing; everything the copy holds is read from the copy.
     */
    @Test
    void copytruncateLosesOnlyWhatLogrotateDestroys() throws Exception {
        Run run = rotateUnderLoad("copytruncate", "copytruncate\n    rotate 5", false, false);
        List<Long> outsideWindow = new ArrayList<>();
        for (long[] range : run.tally.lostRanges()) {
            for (long n = range[0]; n <= range[1]; n++) {
                if (!run.inWindow(n)) {
                    outsideWindow.add(n);
                }
            }
        }
        assertTrue(outsideWindow.isEmpty(), "lost outside logrotate's window: " + outsideWindow.subList(0,
                Math.min(20, outsideWindow.size())) + "; " + run.report());
        assertEquals(0, run.tally.duplicated(), run.report());
        // the tail's own count of destroyed lines is a lower bound of the truth (it cannot see lines
        // written after the last size it saw), one line of rounding per rotation
        assertTrue(run.countedLost <= run.windowLines + ROTATIONS, run.report());
    }

    private static void assertEveryLineOnce(Run run) {
        assertEquals(0, run.tally.lost(), run.report());
        assertEquals(0, run.tally.duplicated(), run.report());
    }

    private Run rotateUnderLoad(String name, String directives, boolean reopen, boolean outage) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path conf = dir.resolve("logrotate.conf");
        Files.writeString(conf, logs.resolve("app.log") + " {\n    " + directives + "\n    missingok\n}\n");
        Path state = dir.resolve("logrotate.state");
        DefaultCamelContext camel = new DefaultCamelContext();
        TailComponent tail = new TailComponent();
        tail.setCheckpointDir(dir.resolve("checkpoints").toString());
        camel.addComponent("tail", tail);
        LocalLogstoreFixture.loadYaml(camel, """
                - route:
                    id: logrotate-%s
                    from:
                      uri: tail:%s
                      parameters:
                        path: %s
                        include: app.log
                        maxRetryDelay: 2000
                      steps:
                        - to:
                            uri: "%s"
                """.formatted(name, name, logs, store.uri(name)));
        FaultInjector faults = store.server().faults();
        Run run = new Run();
        camel.start();
        TailEndpoint endpoint = (TailEndpoint) camel.getRoute("logrotate-" + name).getEndpoint();
        TailHarness.await("first sweep", Duration.ofSeconds(10), () -> endpoint.getMetrics().getSweeps() > 0);
        AtomicBoolean stalling = new AtomicBoolean(true);
        Thread stalls = new Thread(() -> injectStalls(faults, stalling), "stalls");
        try (NumberedLog.Writer writer = new NumberedLog.Writer(logs.resolve("app.log"), LINES_PER_SECOND, reopen)) {
            writer.start(0, Long.MAX_VALUE);
            stalls.start();
            long started = System.nanoTime();
            for (int rotation = 1; rotation <= ROTATIONS; rotation++) {
                long due = started + TimeUnit.SECONDS.toNanos(rotation);
                TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime())); // pacing, as cron/a timer would
                if (outage && rotation == 8) {
                    faults.setOutage(true);
                }
                if (outage && rotation == 23) {
                    faults.setOutage(false);
                }
                logrotate(conf, state);
                if (!reopen) {
                    run.recordWindow(logs);
                }
            }
            stalling.set(false);
            stalls.join();
            faults.clear();
            writer.close();
            assertNull(writer.failure(), "the writer failed");
            run.written = writer.written();
        } finally {
            stalling.set(false);
            faults.clear();
        }
        try (var files = Files.list(logs)) {
            run.gzFiles = files.filter(p -> p.toString().endsWith(".gz")).count();
        }
        run.tally = NumberedLog.awaitTally(store.reader(), name, run.written, run.windowLines, Duration.ofSeconds(240));
        TailMetrics metrics = endpoint.getMetrics();
        run.batchesFailed = metrics.getBatchesFailed();
        run.countedLost = metrics.getLinesLostToTruncation();
        run.metrics = metrics.toString();
        camel.stop();
        System.out.println("TailLogrotateTest " + name + ": " + run.report());
        return run;
    }

    /** 1.5 s added to every PutLogs for 2 s of every 5: stalls of the destination, as the issue measured them. */
    private static void injectStalls(FaultInjector faults, AtomicBoolean stalling) {
        try {
            while (stalling.get()) {
                TimeUnit.SECONDS.sleep(3);
                faults.setLatencyMillis(1500);
                TimeUnit.SECONDS.sleep(2);
                faults.setLatencyMillis(0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void logrotate(Path conf, Path state) throws Exception {
        Process process = new ProcessBuilder("logrotate", "-f", "-s", state.toString(), conf.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "logrotate hung");
        assertEquals(0, process.exitValue(), "logrotate failed: " + output);
    }

    /** What one run wrote, what logrotate destroyed (copytruncate), and what arrived. */
    private static final class Run {
        long written;
        long gzFiles;
        long batchesFailed;
        long countedLost;
        String metrics;
        NumberedLog.Tally tally;
        final List<long[]> windows = new ArrayList<>();
        long windowLines;

        /** After a copytruncate: the numbers after the copy's last whole line and before the file's first line. */
        void recordWindow(Path logs) throws Exception {
            long lastCopied = NumberedLog.lastWholeLine(logs.resolve("app.log.1"));
            Path active = logs.resolve("app.log");
            TailHarness.await("a line in the truncated file", Duration.ofSeconds(10), () -> sizeOf(active) >= NumberedLog.LINE_BYTES);
            long firstKept = NumberedLog.firstLine(active);
            if (lastCopied >= 0 && firstKept > lastCopied + 1) {
                windows.add(new long[]{lastCopied + 1, firstKept - 1});
                windowLines += firstKept - lastCopied - 1;
            }
        }

        boolean inWindow(long number) {
            for (long[] window : windows) {
                if (number >= window[0] && number <= window[1]) {
                    return true;
                }
            }
            return false;
        }

        String report() {
            return "written=" + written + " " + tally + "; logrotate's window: " + windowLines + " lines in "
                    + windows.size() + " rotations, counted by the tail: " + countedLost + "; gz=" + gzFiles + "; " + metrics;
        }

        private static long sizeOf(Path file) {
            try {
                return Files.size(file);
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
