package io.logcamel.fileimport;

import io.logcamel.testing.LocalLogstoreFixture;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The import example as shipped ({@code routes/examples/file-import.camel.yaml}) in plain Camel
 * against the real local Logstore: plain files, rotated archives and gzip are imported through
 * parse and time once each (per-number oracle), across a restart and a rename; a Logstore outage
 * half-way leaves the file unrecorded and it resumes after its last delivered chunk; a truncated
 * gzip keeps what could be read and is not recorded as imported.
 */
class FileImportTest {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private LocalLogstoreFixture logstore;
    private CamelContext context;
    private Path archive;

    @BeforeEach
    void start() throws Exception {
        logstore = new LocalLogstoreFixture(dir.resolve("store"));
        archive = Files.createDirectories(dir.resolve("archive"));
    }

    @AfterEach
    void stop() throws Exception {
        stopAgent();
        logstore.close();
    }

    @Test
    void plainRotatedAndGzipFilesAreImportedOnceAcrossARestartAndARename() throws Exception {
        writeLog(archive.resolve("app.log"), "a", 5000, false);
        writeLog(archive.resolve("app.log.1"), "b", 6000, false);
        writeLog(Files.createDirectories(archive.resolve("older")).resolve("app.log.2.gz"), "c", 7000, true);
        writeLog(archive.resolve("ignored.txt"), "x", 10, false);
        startAgent();

        Map<String, Integer> counts = awaitLines(18_000);
        assertExactlyOnce(counts, "a", 5000);
        assertExactlyOnce(counts, "b", 6000);
        assertExactlyOnce(counts, "c", 7000);
        assertEquals(18_000, counts.size(), "only the *.log* files are imported");
        Map<String, String> sample = logstore.reader().query("imported", "*", 1, 0).get(0);
        assertEquals("INFO", sample.get("level"), "lines go through parse: " + sample);
        assertTrue(Long.parseLong(sample.get("__time__")) < System.currentTimeMillis() / 1000 - 3000,
                "the log time comes from the line, old lines are kept: " + sample);
        ImportLedger ledger = ledger();
        await().atMost(WAIT).until(() -> ledger.getFilesImported() == 3);
        assertEquals(18_000, ledger.getLinesImported());

        // a restart, the next rotation renames the archives, and one new file arrives
        stopAgent();
        Files.move(archive.resolve("app.log.1"), archive.resolve("app.log.2"));
        Files.move(archive.resolve("older/app.log.2.gz"), archive.resolve("older/app.log.3.gz"));
        writeLog(archive.resolve("new.log"), "d", 100, false);
        startAgent();
        await().atMost(WAIT).until(() -> ledger().getFilesImported() == 1);
        counts = awaitLines(18_100);
        assertExactlyOnce(counts, "d", 100);
        assertEquals(18_100, counts.values().stream().mapToInt(Integer::intValue).sum(),
                "renamed archives are not imported again");
    }

    @Test
    void aFileThatFailsHalfWayIsResumedAfterItsLastDeliveredChunk() throws Exception {
        writeLog(archive.resolve("big.log"), "e", 40_000, false);
        startAgent();
        // let some chunks in, then the Logstore refuses everything
        await().atMost(WAIT).until(() -> ledger().getLinesImported() >= 4096);
        logstore.server().faults().setOutage(true);
        long before = ledger().getLinesImported();
        await().atMost(WAIT).until(() -> ledger().getFilesFailed() >= 2);
        assertEquals(0, ledger().getFilesImported(), "a file whose chunks were not all delivered is not recorded");
        logstore.server().faults().setOutage(false);

        await().atMost(WAIT).until(() -> ledger().getFilesImported() == 1);
        Map<String, Integer> counts = awaitLines(40_000);
        int duplicates = counts.values().stream().mapToInt(n -> n - 1).sum();
        assertExactlyOnceOrRepeatedChunk(counts, "e", 40_000);
        System.out.printf("FileImportTest: outage after %d lines; %d duplicates%n", before, duplicates);
        assertTrue(duplicates <= 4096, "at most the chunk in flight is sent again, got " + duplicates);
    }

    @Test
    void aTruncatedGzipKeepsWhatCouldBeReadAndIsNotRecordedAsImported() throws Exception {
        Path whole = archive.resolve("whole.log.gz");
        writeLog(whole, "g", 20_000, true);
        byte[] bytes = Files.readAllBytes(whole);
        Files.delete(whole);
        Path truncated = archive.resolve("truncated.log.gz");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        Files.setLastModifiedTime(truncated, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        writeLog(archive.resolve("fine.log"), "h", 1000, false);
        startAgent();

        ImportLedger ledger = ledger();
        await().atMost(WAIT).until(() -> ledger.getFilesUnreadable() == 1 && ledger.getFilesImported() == 1);
        Map<String, Integer> counts = logstore.reader().countBy("imported", "message", "true");
        assertExactlyOnce(counts, "h", 1000);
        long readable = counts.keySet().stream().filter(m -> m.startsWith("g ")).count();
        assertEquals(completeLinesBeforeTheCut(Arrays.copyOf(bytes, bytes.length / 2)), readable,
                "every whole line before the cut is delivered");
        for (int n = 0; n < readable; n++) {
            assertEquals(1, counts.getOrDefault(message("g", n), 0), "line " + n + " of the truncated file");
        }
        assertEquals(1, ledger.getFilesUnreadable());
    }

    private ImportLedger ledger() {
        return context.getRegistry().lookupByNameAndType("importLedger", ImportLedger.class);
    }

    private void startAgent() throws Exception {
        context = new DefaultCamelContext();
        context.getPropertiesComponent().addInitialProperty("logcamel.import.dir", archive.toString());
        context.getPropertiesComponent().addInitialProperty("logcamel.import.delay", "200");
        context.getPropertiesComponent().addInitialProperty("logcamel.checkpoint.dir", dir.resolve("checkpoints").toString());
        logstore.configure(context);
        LocalLogstoreFixture.loadYamlFile(context, "routes/examples/file-import.camel.yaml");
        context.start();
    }

    private void stopAgent() {
        if (context != null) {
            context.stop();
            context = null;
        }
    }

    private Map<String, Integer> awaitLines(int distinct) throws Exception {
        Map<String, Integer>[] last = new Map[] {new HashMap<>()};
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                last[0] = logstore.reader().countBy("imported", "message", "true");
            } catch (IOException noLogsYet) {
                return false; // the column exists once the first log is stored
            }
            return last[0].size() >= distinct;
        });
        return last[0];
    }

    /** Whole lines a gzip reader gets out of a truncated gzip before it fails. */
    private static long completeLinesBeforeTheCut(byte[] truncated) throws IOException {
        long newlines = 0;
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(truncated))) {
            int b;
            while ((b = in.read()) >= 0) {
                newlines += b == '\n' ? 1 : 0;
            }
        } catch (java.io.EOFException expected) {
            return newlines;
        }
        throw new AssertionError("the gzip was not truncated");
    }

    static String message(String file, int number) {
        return String.format("%s %08d payload-%s", file, number, "abcdefghij".repeat(3));
    }

    /** Numbered lines in the example's format, an hour or more old, the file's time set in the past. */
    static void writeLog(Path file, String name, int lines, boolean gzip) throws IOException {
        LocalDateTime start = LocalDateTime.now().minusHours(2);
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = gzip ? new GZIPOutputStream(raw, 64 * 1024) : raw) {
            StringBuilder text = new StringBuilder();
            for (int n = 0; n < lines; n++) {
                text.append(TIME.format(start.plusNanos(n * 1_000_000L))).append(" INFO [import] ")
                        .append(message(name, n)).append('\n');
                if (text.length() > 60_000) {
                    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                    text.setLength(0);
                }
            }
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        // older than the example's readLockMinAge: taken at once
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    }

    private static void assertExactlyOnce(Map<String, Integer> counts, String file, int lines) {
        for (int n = 0; n < lines; n++) {
            assertEquals(1, counts.getOrDefault(message(file, n), 0), "line " + n + " of " + file);
        }
    }

    private static void assertExactlyOnceOrRepeatedChunk(Map<String, Integer> counts, String file, int lines) {
        List<Integer> lost = new java.util.ArrayList<>();
        for (int n = 0; n < lines; n++) {
            if (counts.getOrDefault(message(file, n), 0) == 0) {
                lost.add(n);
            }
        }
        assertEquals(List.of(), lost, "lost lines of " + file);
    }
}
