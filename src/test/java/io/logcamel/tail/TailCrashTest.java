package io.logcamel.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.logcamel.tail.TailHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's JVM is killed with SIGKILL mid-stream and started again on the same checkpoints:
 * nothing may be lost; duplicates are bounded by the batch in flight (with a checkpoint write per
 * batch) or by what was delivered in the last checkpoint flush interval (the default).
 */
class TailCrashTest {

    @TempDir
    Path dir;

    @Test
    void sigkillWithDefaultCheckpointingDuplicatesAtMostTheBatchesInFlight() throws Exception {
        int maxBatchLines = 500;
        int duplicates = crashAndRecover("&maxBatchLines=" + maxBatchLines);
        // the batch in flight, plus those acknowledged while the last checkpoint write was under way
        assertTrue(duplicates <= 2 * maxBatchLines, "duplicates " + duplicates + " > two batches of " + maxBatchLines);
    }

    @Test
    void sigkillWithCheckpointsOncePerSecondLosesNothing() throws Exception {
        int duplicates = crashAndRecover("&maxBatchLines=500&checkpointFlushInterval=1000");
        // up to a second of deliveries at ~20k lines/s plus the batch in flight
        assertTrue(duplicates <= 25_000, "duplicates " + duplicates);
    }

    private int crashAndRecover(String options) throws Exception {
        int total = 60_000;
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path checkpoints = dir.resolve("ckpt");
        Path delivered = dir.resolve("delivered.txt");
        NumberedLines.Writer writer = new NumberedLines.Writer(logs.resolve("app.log"));
        Thread writing = new Thread(() -> {
            try {
                while (writer.next < total) {
                    writer.write(100);
                    Thread.sleep(5); // ~20k lines/s: the stream spans the kill and the restart
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Process first = start(logs, checkpoints, delivered, options);
        writing.start();
        await("a third delivered", Duration.ofSeconds(30), () -> count(delivered) > total / 3);
        first.destroyForcibly(); // SIGKILL
        first.waitFor(10, TimeUnit.SECONDS);
        int beforeCrash = count(delivered);
        Process second = start(logs, checkpoints, delivered, options);
        try {
            writing.join();
            await(Duration.ofSeconds(40), () -> distinct(delivered) == total, () -> distinct(delivered) + " of " + total);
            Thread.sleep(300);
        } finally {
            second.destroyForcibly();
            second.waitFor(10, TimeUnit.SECONDS);
            writer.close();
        }
        List<String> numbers = Files.readAllLines(delivered);
        int[] arrivals = new int[total];
        numbers.stream().filter(n -> n.length() == 8).forEach(n -> arrivals[Integer.parseInt(n)]++);
        int lost = 0;
        int duplicated = 0;
        for (int a : arrivals) {
            lost += a == 0 ? 1 : 0;
            duplicated += Math.max(0, a - 1);
        }
        System.out.println("SIGKILL after " + beforeCrash + " delivered lines, options " + options + ": lost=" + lost
                + " duplicated=" + duplicated + " of " + total);
        assertEquals(0, lost, "lost lines");
        return duplicated;
    }

    private static Process start(Path logs, Path checkpoints, Path delivered, String options) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), TailCrashChild.class.getName(),
                logs.toString(), checkpoints.toString(), delivered.toString(), options)
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = output.readLine()) != null) {
            seen.add(line);
            if (line.equals("READY")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (output.readLine() != null) {
                            // keep the pipe from filling up
                        }
                    } catch (Exception ignored) {
                        // the process was killed
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        throw new IllegalStateException("agent did not start: " + seen);
    }

    private static int count(Path file) {
        try {
            return Files.exists(file) ? (int) Files.lines(file).count() : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    private static long distinct(Path file) {
        try {
            return Files.exists(file) ? Files.lines(file).filter(l -> l.length() == 8).distinct().count() : 0;
        } catch (Exception e) {
            return 0;
        }
    }
}
