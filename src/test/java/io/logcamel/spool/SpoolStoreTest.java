package io.logcamel.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolStoreTest {

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

    private SpoolStore open(SpoolSettings settings) throws IOException {
        return SpoolStore.open(settings, now::get);
    }

    private SpoolSettings settings() {
        return SpoolSettings.defaults(dir);
    }

    private SpoolRecord record(int n) {
        return new SpoolRecord("proj/store@endpoint", now.get(), n % 7 + 1, ("record-" + n).getBytes(StandardCharsets.UTF_8));
    }

    private static int number(SpoolEntry entry) {
        return Integer.parseInt(new String(entry.record().body(), StandardCharsets.UTF_8).substring("record-".length()));
    }

    /** Replays everything pending, acknowledging each, and returns the numbers in order. */
    private static List<Integer> drain(SpoolStore store) throws IOException {
        List<Integer> seen = new ArrayList<>();
        for (SpoolEntry entry = store.next(); entry != null; entry = store.next()) {
            seen.add(number(entry));
            store.acknowledge(entry);
        }
        return seen;
    }

    @Test
    void recordsRoundTripInOrderWithTheirMetadata() throws IOException {
        try (SpoolStore store = open(settings())) {
            for (int i = 0; i < 5; i++) {
                store.append(record(i));
            }
            SpoolEntry first = store.next();
            assertEquals("proj/store@endpoint", first.record().destination());
            assertEquals(now.get(), first.record().createdMillis());
            assertEquals(1, first.record().logCount());
            assertEquals(List.of(0, 1, 2, 3, 4), drain(store));
            assertEquals(0, store.pendingBytes());
            assertEquals(5, store.statistics().replayedRecords());
        }
    }

    @Test
    void reopeningAfterEveryOperationNeitherLosesNorRepeats() throws IOException {
        List<Integer> seen = new ArrayList<>();
        SpoolSettings small = settings().withSegmentBytes(1024);
        for (int i = 0; i < 200; i++) {
            try (SpoolStore store = open(small)) {
                store.append(record(i));
            }
            if (i % 3 == 2) {
                for (int k = 0; k < 2; k++) {
                    try (SpoolStore store = open(small)) {
                        SpoolEntry entry = store.next();
                        seen.add(number(entry));
                        store.acknowledge(entry);
                    }
                }
            }
        }
        try (SpoolStore store = open(small)) {
            seen.addAll(drain(store));
            assertEquals(1, store.segmentCount(), "acknowledged segments are deleted");
        }
        assertEquals(range(200), seen);
    }

    @Test
    void segmentsRollAtTheirSizeAndAreDeletedOnlyOnceAcknowledged() throws IOException {
        try (SpoolStore store = open(settings().withSegmentBytes(1024))) {
            for (int i = 0; i < 100; i++) {
                store.append(record(i));
            }
            int segments = store.segmentCount();
            assertTrue(segments >= 4, "segments: " + segments);
            assertEquals(segments, SegmentFiles.list(dir).size());
            for (int i = 0; i < 50; i++) {
                store.acknowledge(store.next());
            }
            assertTrue(SegmentFiles.list(dir).size() < segments);
            assertEquals(range(50, 100), drain(store));
        }
    }

    @Test
    void aRecordCutMidAppendIsTruncatedOnOpenAndLaterAppendsAreKept() throws IOException {
        try (SpoolStore store = open(settings())) {
            for (int i = 0; i < 3; i++) {
                store.append(record(i));
            }
        }
        Path segment = onlySegment();
        byte[] full = SpoolRecordCodec.frame(record(3));
        for (int cut : new int[] {1, 4, 8, 9, full.length - 1}) {
            appendRaw(segment, java.util.Arrays.copyOf(full, cut));
            try (SpoolStore store = open(settings())) {
                assertEquals(cut, store.statistics().truncatedBytes(), "cut at " + cut);
            }
        }
        try (SpoolStore store = open(settings())) {
            store.append(record(4));
        }
        try (SpoolStore store = open(settings())) {
            assertEquals(List.of(0, 1, 2, 4), drain(store));
        }
    }

    @Test
    void aZeroFilledTailIsTreatedAsTorn() throws IOException {
        try (SpoolStore store = open(settings())) {
            store.append(record(0));
        }
        appendRaw(onlySegment(), new byte[4096]);
        try (SpoolStore store = open(settings())) {
            assertEquals(4096, store.statistics().truncatedBytes());
            assertEquals(List.of(0), drain(store));
        }
    }

    @Test
    void aChecksumMismatchInTheLastRecordCutsItOff() throws IOException {
        try (SpoolStore store = open(settings())) {
            for (int i = 0; i < 3; i++) {
                store.append(record(i));
            }
        }
        Path segment = onlySegment();
        flipLastByte(segment);
        try (SpoolStore store = open(settings())) {
            assertTrue(store.statistics().truncatedBytes() > 0);
            assertEquals(List.of(0, 1), drain(store));
        }
    }

    @Test
    void corruptionInAnOlderSegmentSkipsOnlyTheRestOfThatSegment() throws IOException {
        SpoolSettings small = settings().withSegmentBytes(1024);
        try (SpoolStore store = open(small)) {
            for (int i = 0; i < 100; i++) {
                store.append(record(i));
            }
        }
        List<Long> bases = SegmentFiles.list(dir);
        flipLastByte(SegmentFiles.path(dir, bases.get(0)));
        try (SpoolStore store = open(small)) {
            List<Integer> seen = drain(store);
            assertEquals(1, store.statistics().corruptSegments());
            int lost = 100 - seen.size();
            assertEquals(1, lost, "only the corrupt record of the first segment is skipped");
            assertEquals(99, seen.get(seen.size() - 1));
        }
    }

    @Test
    void aRestartMidReplayRepeatsOnlyTheRecordInFlight() throws IOException {
        try (SpoolStore store = open(settings())) {
            for (int i = 0; i < 10; i++) {
                store.append(record(i));
            }
            store.acknowledge(store.next());
            store.acknowledge(store.next());
            assertEquals(2, number(store.next()));
            store.abandon(); // crash while record 2 is being delivered
        }
        try (SpoolStore store = open(settings())) {
            assertEquals(range(2, 10), drain(store));
        }
    }

    @Test
    void aCrashBetweenStoringThePositionAndDeletingSegmentsRepeatsNothing() throws IOException {
        SpoolSettings small = settings().withSegmentBytes(1024);
        Path saved = dir.resolveSibling(dir.getFileName() + "-saved.seg");
        Path first;
        try (SpoolStore store = open(small)) {
            for (int i = 0; i < 100; i++) {
                store.append(record(i));
            }
            first = SegmentFiles.path(dir, SegmentFiles.list(dir).get(0));
            Files.copy(first, saved);
            for (int i = 0; i < 60; i++) {
                store.acknowledge(store.next());
            }
            store.abandon();
        }
        assertTrue(Files.notExists(first));
        Files.copy(saved, first); // as if the crash came before the deletion
        try (SpoolStore store = open(small)) {
            assertTrue(Files.notExists(first), "the acknowledged segment is deleted on open");
            assertEquals(range(60, 100), drain(store));
        } finally {
            Files.deleteIfExists(saved);
        }
    }

    @Test
    void expiredRecordsAreDroppedAndCountedNeverReplayed() throws IOException {
        try (SpoolStore store = open(settings().withTtl(Duration.ofHours(24)))) {
            for (int i = 0; i < 4; i++) {
                store.append(record(i));
            }
            now.addAndGet(Duration.ofHours(23).toMillis());
            for (int i = 4; i < 6; i++) {
                store.append(record(i));
            }
            now.addAndGet(Duration.ofHours(2).toMillis());
            assertEquals(List.of(4, 5), drain(store));
            assertEquals(4, store.statistics().expiredRecords());
            assertEquals(1 + 2 + 3 + 4, store.statistics().expiredLogs());
        }
        try (SpoolStore store = open(settings())) {
            assertNull(store.next(), "expiry is acknowledged durably");
        }
    }

    @Test
    void blockPolicyRefusesAtTheCapUntilReplayMakesRoom() throws IOException {
        int frame = SpoolRecordCodec.frame(record(0)).length;
        try (SpoolStore store = open(settings().withMaxBytes(frame * 3L, FullPolicy.BLOCK))) {
            for (int i = 0; i < 3; i++) {
                store.append(record(i));
            }
            assertThrows(SpoolFullException.class, () -> store.append(record(3)));
            assertEquals(1, store.statistics().refusedAppends());
            store.acknowledge(store.next());
            store.append(record(3));
            assertEquals(List.of(1, 2, 3), drain(store));
        }
    }

    @Test
    void dropOldestPolicyMakesRoomAndCountsTheDrops() throws IOException {
        int frame = SpoolRecordCodec.frame(record(0)).length;
        try (SpoolStore store = open(settings().withMaxBytes(frame * 3L, FullPolicy.DROP_OLDEST).withSegmentBytes(1024))) {
            for (int i = 0; i < 10; i++) {
                store.append(record(i));
            }
            assertEquals(7, store.statistics().droppedRecords());
            assertEquals(List.of(7, 8, 9), drain(store));
        }
    }

    @Test
    void aRecordLargerThanTheCapIsRefusedWhateverThePolicy() throws IOException {
        try (SpoolStore store = open(settings().withMaxBytes(100, FullPolicy.DROP_OLDEST))) {
            SpoolRecord huge = new SpoolRecord("d", now.get(), 1, new byte[200]);
            assertThrows(SpoolFullException.class, () -> store.append(huge));
        }
    }

    @Test
    void anAcknowledgedTailLostUnderAnFsyncIntervalDoesNotHideNewRecords() throws IOException {
        SpoolSettings interval = settings().withFsyncIntervalMillis(1000);
        try (SpoolStore store = open(interval)) {
            for (int i = 0; i < 3; i++) {
                store.append(record(i));
            }
            assertEquals(List.of(0, 1, 2), drain(store));
        }
        // What a power loss can leave: the position was forced, the appended bytes were not.
        try (FileChannel channel = FileChannel.open(onlySegment(), StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        try (SpoolStore store = open(interval)) {
            store.append(record(3));
        }
        try (SpoolStore store = open(interval)) {
            assertEquals(List.of(3), drain(store));
        }
    }

    private Path onlySegment() throws IOException {
        List<Long> bases = SegmentFiles.list(dir);
        assertEquals(1, bases.size());
        return SegmentFiles.path(dir, bases.get(0));
    }

    private static void appendRaw(Path segment, byte[] bytes) throws IOException {
        Files.write(segment, bytes, StandardOpenOption.APPEND);
    }

    private static void flipLastByte(Path segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long last = channel.size() - 1;
            ByteBuffer b = ByteBuffer.allocate(1);
            channel.read(b, last);
            b.put(0, (byte) (b.get(0) ^ 0x5a));
            b.rewind();
            channel.write(b, last);
        }
    }

    static List<Integer> range(int to) {
        return range(0, to);
    }

    static List<Integer> range(int from, int to) {
        List<Integer> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(i);
        }
        return list;
    }
}
