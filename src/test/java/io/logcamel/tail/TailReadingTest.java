package io.logcamel.tail;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static io.logcamel.tail.TailHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lines, encodings, multi-line records, tags and start positions, on real files. */
class TailReadingTest {

    private static final String FAST = "&pollInterval=100&batchLinger=20&lastLineTimeout=300&multilineFlushTimeout=300";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private Path logs() throws Exception {
        return Files.createDirectories(dir.resolve("logs"));
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void newFileIsReadFromStartWithTagsTopicAndPosition() throws Exception {
        Path logs = logs();
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"),
                "tail:basic?path=" + logs + "&topicPattern=RAW(.*/([a-z]+)\\.log)" + FAST)) {
            Path file = logs.resolve("orders.log");
            append(file, "one\r\ntwo\nthree\n");
            await("3 lines", WAIT, () -> tail.recorder.count() == 3);
            assertEquals(List.of("one", "two", "three"), tail.recorder.lines());
            LogBatch batch = tail.recorder.batches().get(0);
            assertEquals(file.toString(), batch.tags().get("__path__"));
            assertNotNull(batch.tags().get("__hostname__"));
            assertTrue(!batch.source().isEmpty(), "source IP");
            assertEquals("orders", batch.topic());
            TailFilePosition position = (TailFilePosition) tail.recorder.batches().get(tail.recorder.batches().size() - 1).position();
            assertEquals(Files.size(file), position.endOffset());
            // the counters move when the reader applies delivery's answer, a moment after the route saw the batch
            await("counted as delivered", WAIT, () -> tail.metrics().getLinesDelivered() == 3);
            assertEquals(Files.size(file), tail.metrics().getBytesDelivered());
        }
    }

    @Test
    void aRelativeBasePathStillTagsTheAbsolutePath() throws Exception {
        Path logs = logs();
        Path relative = Path.of("").toAbsolutePath().relativize(logs);
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:relative?path=" + relative + FAST)) {
            Path file = logs.resolve("app.log");
            append(file, "one\n");
            await("1 line", WAIT, () -> tail.recorder.count() == 1);
            assertEquals(file.toAbsolutePath().normalize().toString(), tail.recorder.batches().get(0).tags().get("__path__"));
        }
    }

    @Test
    void preExistingFileStartsAtItsLastBytesOnAWholeLine() throws Exception {
        Path logs = logs();
        Path file = logs.resolve("app.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append(String.format("line-%04d-%s%n", i, "x".repeat(89))); // 100 bytes per line
        }
        append(file, text.toString());
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:end?path=" + logs + "&tailSize=5050" + FAST)) {
            await("the last 50 lines", WAIT, () -> tail.recorder.count() >= 50);
            append(file, "appended\n");
            await("appended line", WAIT, () -> tail.recorder.lines().contains("appended"));
            List<String> lines = tail.recorder.lines();
            assertEquals(51, lines.size(), "50 whole lines from the last 5050 bytes plus the appended one");
            assertTrue(lines.get(0).startsWith("line-0950-"), lines.get(0));
            assertTrue(lines.stream().allMatch(l -> l.length() == 99 || l.equals("appended")), "no partial line");
        }
    }

    @Test
    void preExistingFileFromHeadOrFromNothing() throws Exception {
        Path logs = logs();
        Path file = logs.resolve("app.log");
        append(file, "a\nb\nc\n");
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt-head"), "tail:head?path=" + logs + "&startPosition=head" + FAST)) {
            await("all 3 lines", WAIT, () -> tail.recorder.count() == 3);
        }
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt-end0"), "tail:none?path=" + logs + "&tailSize=0" + FAST)) {
            await("file followed", WAIT, () -> tail.metrics().getFilesOpen() == 1);
            append(file, "d\n");
            await("the new line only", WAIT, () -> tail.recorder.count() == 1);
            assertEquals(List.of("d"), tail.recorder.lines());
        }
    }

    @Test
    void doubleStarHonoursMaxDepthAndExcludes() throws Exception {
        Path logs = logs();
        for (String name : List.of("a.log", "x/b.log", "x/y/c.log", "x/y/z/d.log", "skip/e.log", "x/f.txt",
                "x/g.gz", "x/secret-1.log")) {
            Path file = logs.resolve(name);
            Files.createDirectories(file.getParent());
            append(file, name + "\n");
        }
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:glob?path=" + logs
                + "&include=**/*.log,**/*.txt&exclude=skip,**/secret-*&maxDepth=2&startPosition=head" + FAST)) {
            await("4 files", WAIT, () -> tail.recorder.count() >= 4);
            Thread.sleep(300); // a few more sweeps: nothing else may turn up
            assertEquals(List.of("a.log", "x/b.log", "x/f.txt", "x/y/c.log"), tail.recorder.lines().stream().sorted().toList());
        }
    }

    @Test
    void javaStackTraceIsOneRecord() throws Exception {
        Path logs = logs();
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:ml?path=" + logs
                + "&multilineStart=\\d{4}-\\d{2}-\\d{2}.*" + FAST)) {
            Path file = logs.resolve("app.log");
            String trace = "2026-11-24 10:00:01 ERROR boom\n"
                    + "java.lang.IllegalStateException: bad\n"
                    + "\tat com.example.A.run(A.java:10)\n"
                    + "\tat com.example.B.main(B.java:5)\n"
                    + "Caused by: java.io.IOException: disk\n"
                    + "\t... 2 more\n";
            append(file, "2026-11-24 10:00:00 INFO start\n" + trace + "2026-11-24 10:00:02 INFO next\n");
            await("3 records (the last after the flush timeout)", WAIT, () -> tail.recorder.count() == 3);
            List<String> records = tail.recorder.lines();
            assertEquals("2026-11-24 10:00:00 INFO start", records.get(0));
            assertEquals(trace.substring(0, trace.length() - 1), records.get(1));
            assertEquals("2026-11-24 10:00:02 INFO next", records.get(2));
        }
    }

    @Test
    void unmatchedLinesAreDiscardedAndCounted() throws Exception {
        Path logs = logs();
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:mld?path=" + logs
                + "&multilineStart=START.*&multilineEnd=END&unmatchedPolicy=discard" + FAST)) {
            append(logs.resolve("app.log"), "noise1\nSTART a\nmiddle\nEND\nnoise2\nnoise3\nSTART b\nEND\n");
            await("2 records", WAIT, () -> tail.recorder.count() == 2);
            await("3 discarded", WAIT, () -> tail.metrics().getMultilineUnmatchedDiscarded() == 3);
            assertEquals(List.of("START a\nmiddle\nEND", "START b\nEND"), tail.recorder.lines());
        }
    }

    @Test
    void tenMegabyteLineIsSplitFlaggedAndReadingContinues() throws Exception {
        Path logs = logs();
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:big?path=" + logs + FAST)) {
            int size = 10 * 1024 * 1024;
            append(logs.resolve("app.log"), "before\n" + "x".repeat(size) + "\nafter\n");
            await("after", WAIT, () -> tail.recorder.lines().contains("after"));
            List<LogEvent> events;
            synchronized (tail.recorder) {
                events = new ArrayList<>(tail.recorder.events);
            }
            List<LogEvent> parts = events.stream().filter(e -> e.get(TailConstants.FIELD_SPLIT) != null).toList();
            assertEquals(20, parts.size(), "10 MiB in 512 KiB parts");
            assertEquals(size, parts.stream().mapToInt(e -> e.get(LogEvent.CONTENT).length()).sum());
            assertEquals("1", parts.get(0).get(TailConstants.FIELD_SPLIT));
            assertEquals("20", parts.get(19).get(TailConstants.FIELD_SPLIT));
            assertEquals("before", events.get(0).get(LogEvent.CONTENT));
            assertEquals("after", events.get(events.size() - 1).get(LogEvent.CONTENT));
            assertEquals(1, tail.metrics().getLinesSplit());
        }
    }

    @Test
    void binaryGarbageAndInvalidUtf8NeverStopTheReader() throws Exception {
        Path logs = logs();
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:bin?path=" + logs + FAST)) {
            Path file = logs.resolve("app.log");
            byte[] garbage = new byte[256 * 1024];
            new Random(7).nextBytes(garbage);
            Files.write(file, garbage, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Files.write(file, new byte[]{'\n', 'b', 'a', 'd', (byte) 0xC3, (byte) 0x28, ' ', (byte) 0xFF, '\n'}, StandardOpenOption.APPEND);
            append(file, "ok-after \u00e9\u4e2d\n");
            await("line after the garbage", WAIT, () -> tail.recorder.lines().contains("ok-after \u00e9\u4e2d"));
            assertTrue(tail.recorder.lines().contains("bad\uFFFD( \uFFFD"), "invalid bytes replaced");
            assertTrue(tail.metrics().getInvalidEncodingReplacements() >= 2);
        }
    }

    @Test
    void wellFormedUtf8LinesTravelAsTheirBytesTheOthersAsText() throws Exception {
        Path logs = logs();
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:raw?path=" + logs + FAST)) {
            Path file = logs.resolve("app.log");
            append(file, "plain\n\u4e2d\u6587 \u00e9\n");
            Files.write(file, new byte[]{'b', 'a', 'd', (byte) 0xC3, (byte) 0x28, '\n'}, StandardOpenOption.APPEND);
            await("3 lines", WAIT, () -> tail.recorder.count() == 3);
            List<LogEvent> events = tail.recorder.batches().stream().flatMap(batch -> batch.events().stream()).toList();
            // before anything reads them: nothing decoded the well-formed lines
            assertNotNull(events.get(0).utf8Value(0));
            assertNotNull(events.get(1).utf8Value(0));
            assertNull(events.get(2).utf8Value(0), "malformed bytes are decoded (and replaced) at once");
            assertEquals(List.of("plain", "\u4e2d\u6587 \u00e9", "bad\uFFFD("), tail.recorder.lines());
            assertEquals(1, tail.metrics().getInvalidEncodingReplacements());
        }
    }

    @Test
    void gbkFileIsDecoded() throws Exception {
        Path logs = logs();
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:gbk?path=" + logs + "&encoding=gbk" + FAST)) {
            String text = "\u4f60\u597d\uff0c\u4e16\u754c \u65e5\u5fd7 line";
            Files.write(logs.resolve("app.log"), (text + "\n").getBytes(Charset.forName("GBK")));
            await("GBK line", WAIT, () -> tail.recorder.count() == 1);
            assertNull(tail.recorder.batches().get(0).events().get(0).utf8Value(0), "only UTF-8 travels as bytes");
            assertEquals(text, tail.recorder.lines().get(0));
            assertEquals(0, tail.metrics().getInvalidEncodingReplacements());
        }
    }

    @Test
    void lastLineWithoutNewlineIsPassedOnAfterTimeout() throws Exception {
        Path logs = logs();
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:last?path=" + logs + FAST)) {
            append(logs.resolve("app.log"), "complete\nunfinished");
            await("both lines", WAIT, () -> tail.recorder.count() == 2);
            assertEquals(List.of("complete", "unfinished"), tail.recorder.lines());
        }
    }

    @Test
    void fileDeletedWhileBeingReadIsReadToItsEnd() throws Exception {
        Path logs = logs();
        Path file = logs.resolve("app.log");
        int lines = 100_000;
        StringBuilder text = new StringBuilder();
        IntStream.range(0, lines).forEach(i -> text.append("line ").append(i).append('\n'));
        TailHarness.Recorder slow = new TailHarness.Recorder() {
            @Override
            public void process(org.apache.camel.Exchange exchange) {
                super.process(exchange);
                try {
                    Thread.sleep(5); // delivery slower than reading, so the delete lands mid-file
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (TailHarness tail = new TailHarness(dir.resolve("ckpt"), "tail:del?path=" + logs + "&maxBatchLines=500" + FAST, slow)) {
            append(file, text.toString());
            await("first batch", WAIT, () -> tail.recorder.count() > 0);
            Files.delete(file);
            assertTrue(tail.recorder.count() < lines, "deleted mid-read");
            await(WAIT, () -> tail.recorder.count() >= lines, () -> tail.recorder.count() + " of " + lines);
            assertEquals(lines, tail.recorder.lines().stream().distinct().count());
            await("closed after draining", WAIT, () -> tail.metrics().getFilesOpen() == 0);
        }
    }
}
