package io.logcamel.bench;

import io.logcamel.spool.FullPolicy;
import io.logcamel.spool.SpoolEntry;
import io.logcamel.spool.SpoolRecord;
import io.logcamel.spool.SpoolSettings;
import io.logcamel.spool.SpoolStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Spool append and replay throughput: {@code records} records of {@code recordBytes} random bytes
 * are appended (fsync per write when the interval is 0, else at most once per interval), then
 * replayed and acknowledged one by one (every acknowledgement rewrites the position durably).
 *
 * <p>Arguments: {@code [records=20000] [recordBytes=65536] [fsyncIntervalMillis=0] [directory=target/bench-spool]}.
 * A record stands for one dead-lettered batch: 64 KiB is a few hundred log lines.
 */
public final class SpoolBench {

    public static void main(String[] args) throws IOException {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int recordBytes = args.length > 1 ? Integer.parseInt(args[1]) : 65_536;
        long fsyncInterval = args.length > 2 ? Long.parseLong(args[2]) : 0;
        Path directory = Path.of(args.length > 3 ? args[3] : "target/bench-spool");
        delete(directory);
        byte[] body = new byte[recordBytes];
        new Random(42).nextBytes(body);
        SpoolSettings settings = SpoolSettings.defaults(directory)
                .withMaxBytes(Long.MAX_VALUE / 2, FullPolicy.BLOCK).withFsyncIntervalMillis(fsyncInterval);
        try (SpoolStore store = SpoolStore.open(settings)) {
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                store.append(new SpoolRecord("demo/app", System.currentTimeMillis(), 100, body));
            }
            store.sync();
            report("append", records, store.statistics().spooledBytes(), start, fsyncInterval);

            start = System.nanoTime();
            long bytes = 0;
            for (SpoolEntry entry = store.next(); entry != null; entry = store.next()) {
                bytes += entry.nextOffset() - entry.offset();
                store.acknowledge(entry);
            }
            report("replay", records, bytes, start, fsyncInterval);
        }
        delete(directory);
    }

    private static void report(String what, int records, long bytes, long startNanos, long fsyncInterval) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("spool %s (fsync %s): %d records, %.1f MB in %.2f s = %.1f MB/s, %.0f records/s%n", what,
                fsyncInterval == 0 ? "per write" : "every " + fsyncInterval + " ms", records, bytes / 1e6, seconds,
                bytes / 1e6 / seconds, records / seconds);
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
