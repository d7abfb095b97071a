package io.logcamel.spool;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random sequences of appends, deliveries and crashes (mid-append: a torn frame is left on disk;
 * mid-replay: a record handed out is never acknowledged), each followed by a reopen, compared with
 * the plain list of what was appended. Loss must be zero; duplicates at most one per crash during
 * replay.
 */
class SpoolCrashModelTest {

    @TempDir
    Path dir;

    @RepeatedTest(20)
    void noLossAndDuplicatesBoundedByCrashesMidReplay(RepetitionInfo repetition) throws IOException {
        Random random = new Random(repetition.getCurrentRepetition() * 7919L);
        SpoolSettings settings = SpoolSettings.defaults(dir).withSegmentBytes(1024 + random.nextInt(2048));
        List<Integer> delivered = new ArrayList<>();
        int appended = 0;
        int crashesMidReplay = 0;
        SpoolStore store = SpoolStore.open(settings);
        for (int step = 0; step < 400; step++) {
            int op = random.nextInt(100);
            if (op < 45) {
                store.append(record(appended++, random));
            } else if (op < 80) {
                SpoolEntry entry = store.next();
                if (entry != null) {
                    delivered.add(number(entry));
                    store.acknowledge(entry);
                }
            } else if (op < 88) {
                SpoolEntry entry = store.next();
                if (entry != null) {
                    delivered.add(number(entry)); // sent, but the crash comes before the acknowledgement
                    crashesMidReplay++;
                }
                store.abandon();
                store = SpoolStore.open(settings);
            } else if (op < 95) {
                store.abandon();
                tearNewestSegment(record(-1, random), random);
                store = SpoolStore.open(settings);
            } else {
                store.close();
                store = SpoolStore.open(settings);
            }
        }
        SpoolEntry entry;
        while ((entry = store.next()) != null) {
            delivered.add(number(entry));
            store.acknowledge(entry);
        }
        store.close();

        Set<Integer> distinct = new LinkedHashSet<>(delivered);
        assertEquals(SpoolStoreTest.range(appended), new ArrayList<>(distinct), "every appended record, in order");
        int duplicates = delivered.size() - distinct.size();
        assertTrue(duplicates <= crashesMidReplay, duplicates + " duplicates for " + crashesMidReplay + " crashes mid-replay");
    }

    private void tearNewestSegment(SpoolRecord record, Random random) throws IOException {
        List<Long> bases = SegmentFiles.list(dir);
        byte[] frame = SpoolRecordCodec.frame(record);
        byte[] torn = Arrays.copyOf(frame, 1 + random.nextInt(frame.length - 1));
        Files.write(SegmentFiles.path(dir, bases.get(bases.size() - 1)), torn, StandardOpenOption.APPEND);
    }

    private static SpoolRecord record(int n, Random random) {
        String body = "record-" + n + "-" + "x".repeat(random.nextInt(200));
        return new SpoolRecord("p/s", System.currentTimeMillis(), 1, body.getBytes(StandardCharsets.UTF_8));
    }

    private static int number(SpoolEntry entry) {
        String body = new String(entry.record().body(), StandardCharsets.UTF_8);
        return Integer.parseInt(body.substring("record-".length(), body.indexOf('-', "record-".length())));
    }
}
