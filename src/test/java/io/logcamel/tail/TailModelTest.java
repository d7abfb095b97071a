package io.logcamel.tail;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.logcamel.tail.TailHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random sequences of appends, rename rotations, agent restarts and delivery failures, checked
 * against the oracle "every line exactly once". A failing seed replays exactly (the operation log
 * is in the assertion message).
 */
class TailModelTest {

    private static final String URI_OPTIONS = "&include=app.log*&pollInterval=100&batchLinger=20&lastLineTimeout=500"
            + "&retryDelay=20&maxRetryDelay=100&maxBatchLines=700";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void randomOperationsDeliverEveryLineExactlyOnce(long seed) throws Exception {
        Random random = new Random(seed);
        int capacity = 200_000;
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path checkpoints = dir.resolve("ckpt");
        String uri = "tail:model?path=" + logs + URI_OPTIONS;
        NumberedLines.Oracle oracle = new NumberedLines.Oracle(capacity);
        List<String> operations = new ArrayList<>();
        TailHarness agent = new TailHarness(checkpoints, uri, oracle);
        try (NumberedLines.Writer writer = new NumberedLines.Writer(logs.resolve("app.log"))) {
            for (int step = 0; step < 40; step++) {
                int choice = random.nextInt(100);
                if (choice < 55) {
                    int lines = Math.min(1 + random.nextInt(3000), capacity - writer.next);
                    writer.write(lines);
                    operations.add("append " + lines);
                } else if (choice < 75) {
                    TailRotationTest.rotate(logs, 20);
                    writer.requestReopen();
                    writer.write(0); // the application reopens app.log at once (creates it empty)
                    operations.add("rotate");
                } else if (choice < 87) {
                    agent.close();
                    agent = new TailHarness(checkpoints, uri, oracle);
                    operations.add("restart");
                } else {
                    oracle.failing.set(true);
                    int millis = 50 + random.nextInt(250);
                    Thread.sleep(millis);
                    oracle.failing.set(false);
                    operations.add("fail " + millis + "ms");
                }
                Thread.sleep(random.nextInt(40));
            }
            int total = writer.next;
            TailHarness running = agent;
            await(Duration.ofSeconds(30), () -> oracle.arrived(total) == total,
                    () -> "seed " + seed + ": " + oracle.report(total) + " " + running.metrics() + " after " + operations);
            Thread.sleep(300);
            assertEquals(0, oracle.lost(total) + oracle.duplicated(total),
                    "seed " + seed + ": " + oracle.report(total) + " after " + operations);
        } finally {
            agent.close();
        }
    }
}
