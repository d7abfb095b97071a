package io.logcamel.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineReaderTest {

    @TempDir
    Path dir;

    private record Line(String text, long end, int part) {
    }

    private List<Line> readAll(byte[] content, int maxLineSize) throws Exception {
        Path file = dir.resolve("f.log");
        Files.write(file, content);
        LineReader reader = new LineReader(new LineDecoder(StandardCharsets.UTF_8, new AtomicLong()), maxLineSize, new AtomicLong());
        reader.reset(0);
        List<Line> lines = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file)) {
            do {
                reader.drain((text, end, part) -> lines.add(new Line(text, end, part)));
            } while (reader.fill(channel) > 0);
            reader.drain((text, end, part) -> lines.add(new Line(text, end, part)));
        }
        return lines;
    }

    @Test
    void offsetsFallJustAfterEachNewline() throws Exception {
        List<Line> lines = readAll("ab\r\n\ncd\n".getBytes(StandardCharsets.UTF_8), 1024);
        assertEquals(List.of(new Line("ab", 4, 0), new Line("", 5, 0), new Line("cd", 8, 0)), lines);
    }

    @Test
    void longLinesAreCutAtCharacterBoundaries() throws Exception {
        String euro = "\u20ac"; // three bytes in UTF-8
        String line = euro.repeat(1000); // 3000 bytes
        List<Line> lines = readAll((line + "\n").getBytes(StandardCharsets.UTF_8), 1024);
        assertEquals(3, lines.size());
        assertEquals(line, lines.get(0).text() + lines.get(1).text() + lines.get(2).text());
        assertEquals(List.of(1, 2, 3), lines.stream().map(Line::part).toList());
        assertFalse(lines.stream().anyMatch(l -> l.text().contains("\uFFFD")));
        assertEquals(3001, lines.get(2).end());
    }

    @Test
    void aLineOfExactlyTheMaximumIsNotSplit() throws Exception {
        List<Line> lines = readAll(("x".repeat(1024) + "\n").getBytes(StandardCharsets.UTF_8), 1024);
        assertEquals(1, lines.size());
        assertEquals(0, lines.get(0).part());
    }

    @Test
    void globSemantics() {
        assertTrue(GlobPattern.compile("**/*.log").matches("a.log"));
        assertTrue(GlobPattern.compile("**/*.log").matches("x/y/a.log"));
        assertFalse(GlobPattern.compile("*.log").matches("x/a.log"));
        assertTrue(GlobPattern.compile("app.log?").matches("app.log1"));
        assertFalse(GlobPattern.compile("app.log?").matches("app.log"));
        assertTrue(GlobPattern.compile("x/**").matches("x/y/z"));
        assertTrue(GlobPattern.compile("a+b(c).log").matches("a+b(c).log"));
    }
}
