package io.logcamel.localstore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest {

    @TempDir
    Path dir;

    private static byte[] record(int n) {
        return ("record " + n + " " + "x".repeat(n % 50)).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<Journal.Entry> entries) {
        List<String> texts = new ArrayList<>();
        entries.forEach(entry -> texts.add(new String(entry.payload(), StandardCharsets.UTF_8)));
        return texts;
    }

    private long segments() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void readsBackInOrderAcrossSegmentsAndForgetsWhatIsIndexed() throws Exception {
        List<Long> ends = new ArrayList<>();
        List<Journal.Entry> all;
        try (Journal journal = Journal.open(dir, 0, true, 200)) {
            for (int n = 0; n < 40; n++) {
                long end = journal.append(record(n));
                journal.awaitDurable(end);
                ends.add(end);
            }
            assertTrue(segments() > 5, "small segments roll: " + segments());
            all = journal.read(0, Long.MAX_VALUE);
            assertEquals(40, all.size());
            for (int n = 0; n < 40; n++) {
                assertEquals("record " + n + " " + "x".repeat(n % 50), new String(all.get(n).payload(), StandardCharsets.UTF_8));
                assertEquals(ends.get(n), all.get(n).nextOffset());
            }
            List<Journal.Entry> some = journal.read(ends.get(9), 1);
            assertEquals(List.of(texts(all).get(10)), texts(some), "a tiny budget still reads one record, from the offset given");

            long before = segments();
            journal.deleteBefore(ends.get(29));
            assertTrue(segments() < before);
            assertEquals(texts(all).subList(30, 40), texts(journal.read(ends.get(29), Long.MAX_VALUE)));
        }
        try (Journal reopened = Journal.open(dir, ends.get(29), true, 200)) {
            assertEquals(texts(all).subList(30, 40), texts(reopened.read(ends.get(29), Long.MAX_VALUE)));
            List<String> fromTheStart = texts(reopened.read(0, Long.MAX_VALUE));
            assertEquals(texts(all).subList(40 - fromTheStart.size(), 40), fromTheStart,
                    "an offset before the oldest segment kept reads from that segment");
            assertEquals(ends.get(39), reopened.durableEnd());
        }
    }

    @Test
    void aTornAppendIsCutOffAndAppendsContinueAfterTheLastWholeRecord() throws Exception {
        long end;
        try (Journal journal = Journal.open(dir, 0, false, Journal.DEFAULT_SEGMENT_BYTES)) {
            journal.append(record(1));
            end = journal.append(record(2));
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.findFirst().orElseThrow();
        }
        // half a frame: a length that promises more than is there
        Files.write(segment, new byte[] {0, 0, 0, 100, 1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
        try (Journal journal = Journal.open(dir, 0, false, Journal.DEFAULT_SEGMENT_BYTES)) {
            assertEquals(end, journal.durableEnd());
            journal.append(record(3));
            assertEquals(List.of("record 1 x", "record 2 xx", "record 3 xxx"), texts(journal.read(0, Long.MAX_VALUE)));
        }
        // a whole frame whose bytes do not match its checksum counts as torn too
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 1] ^= 1;
        Files.write(segment, bytes);
        try (Journal journal = Journal.open(dir, 0, false, Journal.DEFAULT_SEGMENT_BYTES)) {
            assertEquals(List.of("record 1 x", "record 2 xx"), texts(journal.read(0, Long.MAX_VALUE)));
        }
    }

    @Test
    void aDatabaseAheadOfTheJournalStartsAFreshJournalAtItsOffset() throws Exception {
        try (Journal journal = Journal.open(dir, 0, false, Journal.DEFAULT_SEGMENT_BYTES)) {
            journal.append(record(1));
        }
        // the database indexed further than the journal kept (an unsynced tail lost with the machine)
        try (Journal journal = Journal.open(dir, 5000, false, Journal.DEFAULT_SEGMENT_BYTES)) {
            assertEquals(5000, journal.durableEnd());
            assertTrue(journal.read(0, Long.MAX_VALUE).isEmpty());
            long end = journal.append(record(2));
            assertEquals(List.of("record 2 xx"), texts(journal.read(5000, Long.MAX_VALUE)));
            assertTrue(end > 5000, "offsets never go back below what the database holds");
        }
    }

    @Test
    void concurrentAppendsShareFsyncsAndAllArriveWhole() throws Exception {
        try (Journal journal = Journal.open(dir, 0, true, 4096)) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int writer = t;
                Thread thread = new Thread(() -> {
                    try {
                        for (int n = 0; n < 50; n++) {
                            journal.awaitDurable(journal.append(("w" + writer + " " + n).getBytes(StandardCharsets.UTF_8)));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                writers.add(thread);
                thread.start();
            }
            for (Thread thread : writers) {
                thread.join();
            }
            List<String> read = texts(journal.read(0, Long.MAX_VALUE));
            assertEquals(200, read.size());
            for (int t = 0; t < 4; t++) {
                List<String> ofWriter = new ArrayList<>();
                for (String text : read) {
                    if (text.startsWith("w" + t + " ")) {
                        ofWriter.add(text);
                    }
                }
                List<String> expected = new ArrayList<>();
                for (int n = 0; n < 50; n++) {
                    expected.add("w" + t + " " + n);
                }
                assertEquals(expected, ofWriter, "each writer's records in its order, none lost or repeated");
            }
        }
    }
}
