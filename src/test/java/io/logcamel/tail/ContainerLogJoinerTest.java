package io.logcamel.tail;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerLogJoinerTest {

    record Out(String text, long endOffset, int part, LineOrigin origin) {
    }

    private final List<Out> out = new ArrayList<>();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong split = new AtomicLong();
    private long offset;
    private ContainerLogJoiner joiner = joiner(1024);

    private ContainerLogJoiner joiner(int maxLineSize) {
        ContainerLogJoiner created = new ContainerLogJoiner(ContainerLogFormat.AUTO, maxLineSize, invalid, split);
        created.downstream(new LineSink() {
            @Override
            public boolean accept(String text, long endOffset, int part) {
                return accept(text, endOffset, part, null);
            }

            @Override
            public boolean accept(String text, long endOffset, int part, LineOrigin origin) {
                out.add(new Out(text, endOffset, part, origin));
                return true;
            }
        });
        created.reset(0);
        return created;
    }

    private static String cri(int second, String stream, char tag, String content) {
        return String.format("2026-12-02T05:34:%02d.000000%03dZ %s %c %s", second, second, stream, tag, content);
    }

    /** Feeds a line as the reader would, returning the offset where it started. */
    private long feed(String line) {
        long start = offset;
        offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
        joiner.accept(line, offset, 0);
        return start;
    }

    @Test
    void fullLinesKeepTheirTimeAndStream() {
        feed(cri(1, "stdout", 'F', "one"));
        feed(cri(2, "stderr", 'F', "two"));
        assertEquals(2, out.size());
        assertEquals("one", out.get(0).text());
        assertEquals(new LineOrigin(1796189641L, 1, "stdout"), out.get(0).origin());
        assertEquals("stderr", out.get(1).origin().stream());
        assertEquals(offset, out.get(1).endOffset());
        assertEquals(offset, joiner.settledOffset());
        assertFalse(joiner.hasPending());
    }

    @Test
    void partialLinesAreJoinedWithTheTimeOfTheirFirstPart() {
        long first = feed(cri(1, "stdout", 'P', "a-"));
        feed(cri(2, "stdout", 'P', "b-"));
        assertTrue(out.isEmpty());
        assertEquals(first, joiner.settledOffset());
        assertTrue(joiner.hasPending());
        feed(cri(3, "stdout", 'F', "c"));
        assertEquals(List.of(new Out("a-b-c", offset, 0, new LineOrigin(1796189641L, 1, "stdout"))), out);
    }

    @Test
    void interleavedStreamsLeaveInTheOrderTheyStarted() {
        long stdoutStart = feed(cri(1, "stdout", 'P', "out-1 "));
        long stderrStart = feed(cri(2, "stderr", 'F', "err whole"));
        assertTrue(out.isEmpty(), "the stderr line waits for the stdout line that started before it");
        assertEquals(stdoutStart, joiner.settledOffset());
        feed(cri(3, "stderr", 'P', "err-2 "));
        feed(cri(4, "stdout", 'F', "out-2"));
        assertEquals(List.of("out-1 out-2", "err whole"), out.stream().map(Out::text).toList());
        assertEquals(stderrStart, out.get(0).endOffset(), "what is settled after the first record");
        feed(cri(5, "stderr", 'F', "err-3"));
        assertEquals("err-2 err-3", out.get(2).text());
        assertEquals("stderr", out.get(2).origin().stream());
        assertEquals(offset, out.get(2).endOffset());
    }

    @Test
    void aJoinedLineLongerThanMaxLineSizeIsPassedOnInFlaggedParts() {
        joiner = joiner(1024);
        String part = "x".repeat(400);
        feed(cri(1, "stdout", 'P', part));
        feed(cri(1, "stdout", 'P', part));
        feed(cri(1, "stdout", 'P', part)); // 1200 > 1024: the first two are part 1
        feed(cri(1, "stdout", 'P', part));
        feed(cri(1, "stdout", 'F', "end"));
        assertEquals(List.of(1, 2), out.stream().map(Out::part).toList());
        assertEquals(800, out.get(0).text().length());
        assertEquals(803, out.get(1).text().length());
        assertEquals(1, split.get());
    }

    @Test
    void anUnfinishedLineDoesNotHoldBackMoreThanMaxLineSize() {
        joiner = joiner(1024);
        feed(cri(1, "stdout", 'P', "never finished "));
        for (int i = 0; i < 30; i++) {
            feed(cri(2, "stderr", 'F', "err " + i + " " + "y".repeat(40)));
        }
        assertEquals("never finished ", out.get(0).text());
        assertEquals(1, out.get(0).part());
        assertTrue(out.size() > 10, "the stderr lines behind it flowed");
        feed(cri(3, "stdout", 'F', "at last"));
        joiner.flush();
        assertEquals("at last", out.get(out.size() - 1).text());
        assertEquals(2, out.get(out.size() - 1).part());
    }

    @Test
    void invalidLinesAreCountedAndPassedOnRaw() {
        feed("no prefix at all");
        feed(cri(1, "stdout", 'F', "ok"));
        assertEquals(1, invalid.get());
        assertEquals("no prefix at all", out.get(0).text());
        assertNull(out.get(0).origin());
        assertEquals("ok", out.get(1).text());
    }

    @Test
    void flushPassesOnAPartialLineWhoseEndNeverCame() {
        feed(cri(1, "stderr", 'P', "cut off"));
        assertTrue(joiner.flush());
        assertEquals(List.of("cut off"), out.stream().map(Out::text).toList());
        assertEquals(offset, joiner.settledOffset());
    }

    @Test
    void aRewindDoesNotPassOnTheTailOfALineAlreadyPassedOn() {
        List<String> lines = List.of(
                cri(1, "stdout", 'P', "out-a "),
                cri(2, "stderr", 'P', "err-a "),
                cri(3, "stdout", 'F', "out-b"),     // out-a out-b leaves; err waits
                cri(4, "stderr", 'F', "err-b"));
        long[] starts = new long[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            starts[i] = feed(lines.get(i));
            if (i == 2) {
                assertEquals(starts[1], joiner.settledOffset());
            }
        }
        assertEquals(List.of("out-a out-b", "err-a err-b"), out.stream().map(Out::text).toList());
        // delivery of the second record failed: the file is read again from where the first one settled
        out.clear();
        joiner.reset(starts[1]);
        offset = starts[1];
        for (int i = 1; i < lines.size(); i++) {
            feed(lines.get(i));
        }
        assertEquals(List.of("err-a err-b"), out.stream().map(Out::text).toList());
    }

    @Test
    void partsOfARuntimeLineCutByTheReaderJoinTheirRecord() {
        joiner = joiner(1024);
        String first = cri(1, "stdout", 'F', "z".repeat(1000));
        int prefix = first.indexOf('z');
        offset += 960;
        joiner.accept(first.substring(0, 960), offset, 1);
        offset += 200;
        joiner.accept("tail of the line", offset, 2);
        assertTrue(out.isEmpty(), "the end of the runtime line is known only from the next one");
        feed(cri(2, "stdout", 'F', "next"));
        assertEquals("z".repeat(960 - prefix) + "tail of the line", out.get(0).text());
        assertEquals(0, out.get(0).part());
        assertEquals("next", out.get(1).text());
    }
}
