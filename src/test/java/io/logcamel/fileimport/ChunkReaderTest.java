package io.logcamel.fileimport;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One file read as chunks: lines, parts of long lines, offsets to resume at, which chunks count as delivered. */
class ChunkReaderTest {

    @TempDir
    Path dir;

    private static ChunkOptions options(int lines, int lineSize) {
        return new ChunkOptions(lines, 1 << 20, lineSize, StandardCharsets.UTF_8, new AtomicLong());
    }

    private static List<LogBatch> readAll(ChunkReader reader) {
        List<LogBatch> chunks = new ArrayList<>();
        while (reader.hasNext()) {
            chunks.add(reader.next());
        }
        return chunks;
    }

    private static List<String> contents(List<LogBatch> chunks) {
        List<String> lines = new ArrayList<>();
        chunks.forEach(chunk -> chunk.events().forEach(event -> lines.add(event.get(LogEvent.CONTENT))));
        return lines;
    }

    @Test
    void linesInChunksWithCrLfAndALastLineWithoutNewline() throws IOException {
        Path file = dir.resolve("a.log");
        Files.writeString(file, "one\r\ntwo\n\nfour\nfive");
        FileProgress progress = new FileProgress("k", file.toString(), 0, 0);
        try (ChunkReader reader = ChunkReader.open(file, progress, options(2, 1024))) {
            List<LogBatch> chunks = readAll(reader);
            assertEquals(List.of("one", "two", "", "four", "five"), contents(chunks));
            assertEquals(3, chunks.size());
            assertEquals(new ImportPosition(file.toString(), 9, 2), chunks.get(0).position());
            assertEquals(new ImportPosition(file.toString(), 15, 4), chunks.get(1).position());
            assertEquals(new ImportPosition(file.toString(), 19, 5), chunks.get(2).position());
            assertEquals(file.toString(), chunks.get(0).tags().get("__path__"));
            assertFalse(progress.complete(), "nothing delivered yet");
            for (int i = 0; i < 3; i++) {
                ImportPosition through = reader.delivered(i);
                progress.delivered(through);
            }
            assertTrue(progress.complete());
        }
    }

    @Test
    void aLongLineGoesOnInPartsCutBetweenCharacters() throws IOException {
        Path file = dir.resolve("long.log");
        String longLine = "é".repeat(1500); // 3000 bytes, cut at 1024 would split a character
        Files.writeString(file, "short\n" + longLine + "\nafter\n");
        try (ChunkReader reader = ChunkReader.open(file, new FileProgress("k", file.toString(), 0, 0), options(100, 1024))) {
            List<LogEvent> events = readAll(reader).get(0).events();
            assertEquals("short", events.get(0).get(LogEvent.CONTENT));
            assertNull(events.get(0).get("__split__"));
            StringBuilder joined = new StringBuilder();
            for (int i = 1; i <= 3; i++) {
                assertEquals(Integer.toString(i), events.get(i).get("__split__"));
                assertTrue(events.get(i).get(LogEvent.CONTENT).getBytes(StandardCharsets.UTF_8).length <= 1024);
                joined.append(events.get(i).get(LogEvent.CONTENT));
            }
            assertEquals(longLine, joined.toString(), "no character is broken");
            assertEquals("after", events.get(4).get(LogEvent.CONTENT));
            assertNull(events.get(4).get("__split__"));
        }
    }

    @Test
    void aGzipFileResumesAfterItsDeliveredPart() throws IOException {
        Path file = dir.resolve("a.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < 1000; i++) {
                out.write(String.format("%04d line%n", i).getBytes(StandardCharsets.UTF_8));
            }
        }
        FileProgress first = new FileProgress("k", file.toString(), 0, 0);
        ImportPosition afterTwoChunks;
        try (ChunkReader reader = ChunkReader.open(file, first, options(300, 1024))) {
            readAll(reader);
            reader.delivered(0);
            afterTwoChunks = reader.delivered(1);
        }
        assertEquals(600, afterTwoChunks.lines());
        FileProgress resumed = new FileProgress("k", file.toString(), afterTwoChunks.offset(), afterTwoChunks.lines());
        try (ChunkReader reader = ChunkReader.open(file, resumed, options(300, 1024))) {
            List<String> rest = contents(readAll(reader));
            assertEquals(400, rest.size());
            assertEquals("0600 line", rest.get(0));
            assertEquals("0999 line", rest.get(399));
        }
    }

    @Test
    void progressMovesOverTheRunOfDeliveredChunksFromTheStartOnly() throws IOException {
        Path file = dir.resolve("b.log");
        Files.writeString(file, "a\nb\nc\nd\n");
        try (ChunkReader reader = ChunkReader.open(file, new FileProgress("k", file.toString(), 0, 0), options(1, 1024))) {
            readAll(reader);
            assertNull(reader.delivered(1), "chunk 0 is still outstanding");
            assertEquals(2, reader.delivered(0).lines(), "0 and 1 now");
            reader.failed();
            assertNull(reader.delivered(2), "after a failed chunk nothing moves");
        }
    }

    @Test
    void aGzipWithABrokenHeaderIsAReadFailureOfTheFile() throws IOException {
        Path file = dir.resolve("broken.log.gz");
        Files.write(file, new byte[] {0x1f, (byte) 0x8b, 0x42, 0x42, 0x42});
        FileProgress progress = new FileProgress("k", file.toString(), 0, 0);
        IOException error = assertThrows(IOException.class, () -> ChunkReader.open(file, progress, options(10, 1024)));
        assertTrue(error.getMessage().startsWith("cannot read " + file), error.getMessage());
        assertEquals(error.getMessage(), progress.readFailure(), "the ledger gives up on it instead of retrying each poll");
        assertFalse(progress.complete());
    }

    @Test
    void anEmptyFileIsCompleteAtOnce() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.log"));
        FileProgress progress = new FileProgress("k", file.toString(), 0, 0);
        try (ChunkReader reader = ChunkReader.open(file, progress, options(10, 1024))) {
            assertFalse(reader.hasNext());
            assertTrue(progress.complete());
            assertThrows(java.util.NoSuchElementException.class, reader::next);
        }
    }
}
