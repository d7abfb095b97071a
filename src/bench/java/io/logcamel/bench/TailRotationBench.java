package io.logcamel.bench;

import io.logcamel.tail.TailComponent;
import io.logcamel.testing.LocalLogstoreFixture;
import io.logcamel.testing.NumberedLog;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whole-process measurements of the tail under rotation (not a CI test):
 * <ul>
 *   <li>{@code rename <intervalMillis> <rotations> <linesPerSecond>}: Debian's logrotate ({@code create},
 *       {@code rotate 5}, forced) every interval under a writer of numbered 200-byte lines, {@code include: app.log}, shipping to the
 *       local Logstore that stalls 1.5 s for 2 s of every 5. Reports files missed (no line of a rotated
 *       file arrived) and lines lost.</li>
 *   <li>{@code copytruncate <rotations>}: the same with {@code copytruncate} every second: lines lost per
 *       rotation against logrotate's window (lines between the copy's last line and the truncated
 *       file's first), and what the tail counted.</li>
 *   <li>{@code readahead <readAheadBytes> <seconds>}: the destination blocks (an outage); the writer
 *       goes on; the JVM's RSS before and while the read-ahead is full.</li>
 * </ul>
 * Arguments: mode, then the mode's numbers, then a work directory.
 */
public final class TailRotationBench {

    private static final int LINES_PER_SECOND = 20_000;

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        String mode = args[0];
        switch (mode) {
            case "rename" -> rotate(Long.parseLong(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), false,
                    Path.of(args[4]));
            case "copytruncate" -> rotate(1000, Integer.parseInt(args[1]), LINES_PER_SECOND, true, Path.of(args[2]));
            case "readahead" -> readAhead(Long.parseLong(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            default -> throw new IllegalArgumentException("mode: rename, copytruncate or readahead");
        }
    }

    private static void rotate(long intervalMillis, int rotations, int linesPerSecond, boolean copytruncate, Path work)
            throws Exception {
        // logrotate takes absolute paths only
        Path dir = Files.createTempDirectory(Files.createDirectories(work.toAbsolutePath()), "rotation");
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path conf = dir.resolve("logrotate.conf");
        Files.writeString(conf, logs.resolve("app.log") + " {\n    " + (copytruncate ? "copytruncate" : "create")
                + "\n    rotate 5\n    missingok\n}\n");
        Path state = dir.resolve("logrotate.state");
        try (LocalLogstoreFixture store = new LocalLogstoreFixture(dir.resolve("store"))) {
            DefaultCamelContext camel = context(dir);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("tail:bench?path=" + logs + "&include=app.log&maxRetryDelay=2000").to(store.uri("bench"));
                }
            });
            camel.start();
            Thread.sleep(1500); // the first sweep
            List<Long> generations = new ArrayList<>();
            List<long[]> windows = new ArrayList<>();
            long windowLines = 0;
            boolean[] stalling = {true};
            Thread stalls = new Thread(() -> {
                try {
                    while (stalling[0]) {
                        TimeUnit.SECONDS.sleep(3);
                        store.server().faults().setLatencyMillis(1500);
                        TimeUnit.SECONDS.sleep(2);
                        store.server().faults().setLatencyMillis(0);
                    }
                } catch (InterruptedException ignored) {
                    // done
                }
            });
            stalls.setDaemon(true);
            long started = System.nanoTime();
            long written;
            try (NumberedLog.Writer writer = new NumberedLog.Writer(logs.resolve("app.log"), linesPerSecond, !copytruncate)) {
                writer.start(0, Long.MAX_VALUE);
                stalls.start();
                for (int rotation = 1; rotation <= rotations; rotation++) {
                    long due = started + TimeUnit.MILLISECONDS.toNanos(intervalMillis * rotation);
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
                    Process process = new ProcessBuilder("logrotate", "-f", "-s", state.toString(), conf.toString())
                            .redirectErrorStream(true).start();
                    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (process.waitFor() != 0) {
                        throw new IllegalStateException("logrotate failed: " + output);
                    }
                    generations.add(writer.written()); // a bound between two files, give or take the reopen
                    if (copytruncate) {
                        long last = NumberedLog.lastWholeLine(logs.resolve("app.log.1"));
                        while (Files.size(logs.resolve("app.log")) < NumberedLog.LINE_BYTES) {
                            Thread.onSpinWait();
                        }
                        long first = NumberedLog.firstLine(logs.resolve("app.log"));
                        if (last >= 0 && first > last + 1) {
                            windows.add(new long[]{last + 1, first - 1});
                            windowLines += first - last - 1;
                        }
                    }
                }
                stalling[0] = false;
                stalls.join();
                store.server().faults().clear();
                writer.close();
                written = writer.written();
            }
            NumberedLog.Tally tally = NumberedLog.awaitTally(store.reader(), "bench", written, windowLines, Duration.ofSeconds(600));
            int missed = 0;
            long previous = 0;
            for (long bound : generations) {
                // a file is missed when none of the lines written between two rotations arrived
                long from = previous;
                long to = bound - 1;
                previous = bound;
                if (to - from < 10) {
                    continue;
                }
                boolean anyArrived = false;
                for (long n = from + 5; n <= to - 5 && !anyArrived; n += Math.max(1, (to - from) / 50)) {
                    anyArrived = !tally.isLost(n);
                }
                missed += anyArrived ? 0 : 1;
            }
            long lostOutsideWindows = 0;
            for (long[] range : tally.lostRanges()) {
                for (long n = range[0]; n <= range[1]; n++) {
                    boolean inWindow = false;
                    for (long[] window : windows) {
                        inWindow |= n >= window[0] && n <= window[1];
                    }
                    lostOutsideWindows += inWindow ? 0 : 1;
                }
            }
            var metrics = ((io.logcamel.tail.TailEndpoint) camel.getRoute("route1").getEndpoint()).getMetrics();
            System.out.printf("%s every %d ms, %d rotations, %d lines written at %d/s: files missed %d; %s; drained %.0f s after the last rotation%n",
                    copytruncate ? "copytruncate" : "create", intervalMillis, rotations, written, linesPerSecond, missed, tally,
                    (System.nanoTime() - started) / 1e9 - intervalMillis * rotations / 1000.0);
            if (copytruncate) {
                System.out.printf("copytruncate: logrotate's window %d lines in %d rotations (%.1f per rotation);"
                                + " lost %d (%.1f per rotation), of which outside the window %d; counted by the tail %d lines%n",
                        windowLines, rotations, (double) windowLines / rotations, tally.lost(),
                        (double) tally.lost() / rotations, lostOutsideWindows, metrics.getLinesLostToTruncation());
            }
            camel.stop();
        }
    }

    private static void readAhead(long readAheadBytes, int seconds, Path work) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(work), "readahead");
        Path logs = Files.createDirectories(dir.resolve("logs"));
        CountDownLatch outageOver = new CountDownLatch(1);
        DefaultCamelContext camel = context(dir);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("tail:bench?path=" + logs + "&include=app.log&readAheadBytes=" + readAheadBytes)
                        .process(exchange -> outageOver.await()); // the destination does not answer
            }
        });
        camel.start();
        Thread.sleep(1500);
        System.gc();
        long before = rssKib();
        long peak = before;
        try (NumberedLog.Writer writer = new NumberedLog.Writer(logs.resolve("app.log"), LINES_PER_SECOND, true)) {
            writer.start(0, Long.MAX_VALUE);
            for (int second = 0; second < seconds; second++) {
                Thread.sleep(1000);
                peak = Math.max(peak, rssKib());
            }
            var metrics = ((io.logcamel.tail.TailEndpoint) camel.getRoute("route1").getEndpoint()).getMetrics();
            System.out.printf("readAheadBytes=%d: %d lines written in %d s, read ahead %d bytes; RSS before %d MiB, peak %d MiB%n",
                    readAheadBytes, writer.written(), seconds, metrics.getReadAheadBytes(), before / 1024, peak / 1024);
        }
        outageOver.countDown();
        camel.stop();
    }

    private static DefaultCamelContext context(Path dir) {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        io.quarkus.bootstrap.logging.InitialConfigurator.DELAYED_HANDLER.setHandlers(
                new java.util.logging.Handler[]{io.quarkus.bootstrap.logging.InitialConfigurator.createDefaultHandler()});
        DefaultCamelContext camel = new DefaultCamelContext();
        TailComponent tail = new TailComponent();
        tail.setCheckpointDir(dir.resolve("checkpoints").toString());
        camel.addComponent("tail", tail);
        return camel;
    }

    private static long rssKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }

}
