package io.logcamel.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Numbered 200-byte log lines ({@code 00001234 payload...}), a writer that appends them at a set
 * rate the way an application does under logrotate, and a per-number oracle over what arrived in a
 * Logstore: every number is accounted for (lost ranges, duplicates with their counts), never by a
 * {@code count(DISTINCT ...)} alone.
 */
public final class NumberedLog {

    /** Bytes per line, newline included. */
    public static final int LINE_BYTES = 200;

    private NumberedLog() {
    }

    public static String line(long number) {
        StringBuilder line = new StringBuilder(LINE_BYTES);
        line.append(String.format("%08d", number)).append(" level=INFO logger=app.orders msg=\"order accepted\" payload=");
        while (line.length() < LINE_BYTES - 1) {
            line.append((char) ('a' + line.length() % 26));
        }
        return line.toString();
    }

    /** The number of a whole line, or -1 for anything else (a fragment, another format). */
    public static long numberOf(String line) {
        if (line == null || line.length() != LINE_BYTES - 1) {
            return -1;
        }
        try {
            return Long.parseLong(line.substring(0, 8));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The number of the last whole line of a file (logrotate's copy may end in the middle of one), or -1. */
    public static long lastWholeLine(Path file) throws IOException {
        try (java.io.RandomAccessFile in = new java.io.RandomAccessFile(file.toFile(), "r")) {
            long size = in.length();
            int tail = (int) Math.min(size, 4 * LINE_BYTES);
            byte[] bytes = new byte[tail];
            in.seek(size - tail);
            in.readFully(bytes);
            String text = new String(bytes, StandardCharsets.US_ASCII);
            int end = text.lastIndexOf('\n');
            while (end > 0) {
                int start = text.lastIndexOf('\n', end - 1) + 1;
                long number = numberOf(text.substring(start, end));
                if (number >= 0) {
                    return number;
                }
                end = start - 1;
            }
            return -1;
        }
    }

    /** The number of the first line of a file that holds at least one whole line. */
    public static long firstLine(Path file) throws IOException {
        try (java.io.RandomAccessFile in = new java.io.RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[LINE_BYTES - 1];
            in.readFully(bytes);
            return numberOf(new String(bytes, StandardCharsets.US_ASCII));
        }
    }

    /**
     * Appends numbered lines to a path at a steady rate, in writes of whole lines (like a logging
     * library with O_APPEND). When {@code reopenOnRotation}, it reopens the path once another inode
     * appears there (what an application does after logrotate's {@code create}); until then it keeps
     * writing to the file it has open, wherever that was renamed to.
     */
    public static final class Writer implements AutoCloseable {
        private final Path path;
        private final boolean reopenOnRotation;
        private final int linesPerSecond;
        private final AtomicLong written = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean stop;
        private Thread thread;
        private FileChannel channel;
        private long inode;

        public Writer(Path path, int linesPerSecond, boolean reopenOnRotation) {
            this.path = path;
            this.linesPerSecond = linesPerSecond;
            this.reopenOnRotation = reopenOnRotation;
        }

        /** Starts writing from number {@code first} on a thread of its own until {@link #close()} or {@code limit} lines. */
        public Writer start(long first, long limit) throws IOException {
            written.set(first);
            open();
            thread = new Thread(() -> run(first + limit), "numbered-writer");
            thread.start();
            return this;
        }

        private void open() throws IOException {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            inode = inodeOf(path);
        }

        private void run(long end) {
            int perWrite = Math.max(1, linesPerSecond / 200); // 200 writes a second
            long intervalNanos = 1_000_000_000L * perWrite / linesPerSecond;
            long due = System.nanoTime();
            try {
                while (!stop && written.get() < end) {
                    if (reopenOnRotation) {
                        reopenIfRotated();
                    }
                    long next = written.get();
                    int count = (int) Math.min(perWrite, end - next);
                    StringBuilder text = new StringBuilder(count * LINE_BYTES);
                    for (int i = 0; i < count; i++) {
                        text.append(line(next + i)).append('\n');
                    }
                    ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII));
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                    written.addAndGet(count);
                    due += intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }

        private void reopenIfRotated() throws IOException {
            long current;
            try {
                current = inodeOf(path);
            } catch (NoSuchFileException e) {
                return; // renamed and not yet created again: keep writing where we are
            }
            if (current != inode) {
                channel.close();
                open();
            }
        }

        /** The next number to write: every number below it was written. */
        public long written() {
            return written.get();
        }

        public Throwable failure() {
            return failure.get();
        }

        public boolean isAlive() {
            return thread != null && thread.isAlive();
        }

        /** Waits for the last write, then closes the file. */
        @Override
        public void close() throws Exception {
            stop = true;
            if (thread != null) {
                thread.join(30_000);
            }
            if (channel != null) {
                channel.close();
            }
        }

        private static long inodeOf(Path path) throws IOException {
            return ((Number) Files.getAttribute(path, "unix:ino")).longValue();
        }
    }

    /** Every number of {@code [0, expected)} accounted for: which never arrived, which arrived more than once. */
    public record Tally(long expected, long total, long numbers, List<long[]> lostRanges, Map<Long, Long> duplicates,
                        long fragments) {

        public long lost() {
            long lost = 0;
            for (long[] range : lostRanges) {
                lost += range[1] - range[0] + 1;
            }
            return lost;
        }

        public long duplicated() {
            long extra = 0;
            for (long count : duplicates.values()) {
                extra += count - 1;
            }
            return extra;
        }

        public boolean isLost(long number) {
            for (long[] range : lostRanges) {
                if (number >= range[0] && number <= range[1]) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            StringBuilder ranges = new StringBuilder();
            for (int i = 0; i < Math.min(10, lostRanges.size()); i++) {
                ranges.append(' ').append(lostRanges.get(i)[0]).append('-').append(lostRanges.get(i)[1]);
            }
            return "expected=" + expected + " stored=" + total + " numbers=" + numbers + " lost=" + lost()
                    + (lostRanges.isEmpty() ? "" : " (ranges:" + ranges + (lostRanges.size() > 10 ? " ..." : "") + ")")
                    + " duplicated=" + duplicated() + " fragments=" + fragments;
        }
    }

    private static final String NUMBERS = "(SELECT try_cast(substr(content, 1, 8) AS BIGINT) AS n FROM log"
            + " WHERE length(content) = " + (LINE_BYTES - 1) + ")";

    /** Counts what arrived in {@code logstore} by number, against the numbers {@code [0, expected)}. */
    public static Tally tally(LogstoreReader reader, String logstore, long expected) throws IOException {
        // one statement, so that totals and numbers are of the same moment while logs still arrive
        Map<String, String> totals = first(reader.query(logstore, "* | SELECT count(*) AS total, count(n) AS whole,"
                + " count(DISTINCT n) AS numbers, min(n) AS lo, max(n) AS hi FROM (SELECT CASE WHEN length(content) = "
                + (LINE_BYTES - 1) + " THEN try_cast(substr(content, 1, 8) AS BIGINT) END AS n FROM log) t", 1, 0));
        long total = longOf(totals.get("total"));
        long whole = longOf(totals.get("whole"));
        long numbers = longOf(totals.get("numbers"));
        List<long[]> lost = new ArrayList<>();
        if (numbers == 0) {
            if (expected > 0) {
                lost.add(new long[]{0, expected - 1});
            }
        } else {
            long lo = longOf(totals.get("lo"));
            long hi = longOf(totals.get("hi"));
            if (lo > 0) {
                lost.add(new long[]{0, Math.min(lo, expected) - 1});
            }
            for (Map<String, String> gap : reader.query(logstore, "* | SELECT n, nxt FROM (SELECT n, lead(n) OVER (ORDER BY n) AS nxt"
                    + " FROM (SELECT DISTINCT n FROM " + NUMBERS + " d) w) g WHERE nxt > n + 1 ORDER BY n LIMIT 1000000", 1, 0)) {
                long from = longOf(gap.get("n")) + 1;
                long to = Math.min(longOf(gap.get("nxt")) - 1, expected - 1);
                if (from <= to) {
                    lost.add(new long[]{from, to});
                }
            }
            if (hi < expected - 1) {
                lost.add(new long[]{Math.max(hi + 1, 0), expected - 1});
            }
        }
        Map<Long, Long> duplicates = new LinkedHashMap<>();
        for (Map<String, String> row : reader.query(logstore, "* | SELECT n, count(*) AS c FROM " + NUMBERS
                + " d GROUP BY n HAVING count(*) > 1 ORDER BY n LIMIT 1000000", 1, 0)) {
            duplicates.put(longOf(row.get("n")), longOf(row.get("c")));
        }
        return new Tally(expected, total, numbers, lost, duplicates, total - whole);
    }

    /** Waits until every number of {@code [0, expected)} that may arrive has arrived (or the timeout), then tallies. */
    public static Tally awaitTally(LogstoreReader reader, String logstore, long expected, long mayBeMissing,
                                   Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long numbers;
            try {
                numbers = longOf(first(reader.query(logstore, "* | SELECT count(DISTINCT n) AS numbers FROM " + NUMBERS + " t",
                        1, 0)).get("numbers"));
            } catch (IOException e) {
                numbers = -1;
            }
            if (numbers >= expected - mayBeMissing) {
                break;
            }
            last = numbers;
            Thread.sleep(250);
        }
        Tally tally = tally(reader, logstore, expected);
        if (tally.numbers() < expected - mayBeMissing) {
            System.out.println("timed out waiting for " + (expected - mayBeMissing) + " numbers, last " + last + ": " + tally);
        }
        return tally;
    }

    private static Map<String, String> first(List<Map<String, String>> rows) {
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    private static long longOf(String value) {
        return value == null || value.isEmpty() || value.equals("null") ? 0 : (long) Double.parseDouble(value);
    }
}
