package io.logcamel.bench;

import com.sun.management.OperatingSystemMXBean;
import io.logcamel.event.LogBatch;
import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.logstore.wire.CompressType;
import io.logcamel.logstore.wire.LogGroupEncoder;
import io.logcamel.tail.TailComponent;
import io.logcamel.tail.TailEndpoint;
import io.logcamel.tail.TailMetrics;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whole-path throughput of file collection: a seeded nginx "combined" file is tailed from its head
 * and every batch is encoded as a PutLogs LogGroup and LZ4-compressed, as the logstore producer
 * does before sending (nothing is sent). Reports MB/s of file bytes, process CPU seconds and peak RSS.
 *
 * <p>Arguments: {@code [megabytes=200] [directory=target/bench-tail] [seed=42] [encode|noencode|logstore] [runs=1] [extra tail URI options, e.g. &amp;checkpointFlushInterval=0]}: with runs &gt; 1 the later runs show the warmed-up JVM.
 */
public final class TailThroughputBench {

    public static void main(String[] args) throws Exception {
        startLogging();
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 200;
        Path directory = Path.of(args.length > 1 ? args[1] : "target/bench-tail");
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        String mode = args.length > 3 ? args[3] : "encode";
        if (!List.of("encode", "noencode", "logstore").contains(mode)) {
            throw new IllegalArgumentException("mode must be encode, noencode or logstore, got '" + mode + "'");
        }
        Path corpus = Files.createDirectories(directory.resolve("corpus")).resolve("access.log");
        long size = generate(corpus, megabytes * 1_000_000L, seed);
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        String options = args.length > 5 ? args[5] : "";
        for (int run = 1; run <= runs; run++) {
            System.out.printf("--- run %d of %d%s%n", run, runs, run == 1 ? " (cold JVM: includes JIT warm-up and Camel start)" : "");
            Path runDirectory = Files.createDirectories(directory.resolve("run-" + System.nanoTime()));
            runOnce(corpus, size, runDirectory, mode, options);
        }
    }

    private static void runOnce(Path corpus, long size, Path run, String mode, String options) throws Exception {
        if (!mode.equals("logstore")) {
            runOnce(corpus, size, run, mode.equals("encode"), null, options);
            return;
        }
        // the whole way: the logstore producer sends signed PutLogs to a local Logstore in this JVM
        try (LocalLogstoreServer store = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0,
                run.resolve("localstore"), Map.of("bench-key", "bench-secret"), "demo"))) {
            runOnce(corpus, size, run, false, "logstore:demo/bench?endpoint=http://localhost:" + store.port()
                    + "&accessKeyId=bench-key&accessKeySecret=RAW(bench-secret)", options);
        }
    }

    /** @param destination a logstore: URI the route sends to after the sink, or null for none */
    private static void runOnce(Path corpus, long size, Path run, boolean encode, String destination, String options)
            throws Exception {
        Path logs = Files.createDirectories(run.resolve("logs"));
        Path checkpoints = run.resolve("checkpoints");
        Path file = logs.resolve("access.log");
        EncodingSink sink = new EncodingSink();
        DefaultCamelContext context = new DefaultCamelContext();
        TailComponent component = new TailComponent();
        component.setCheckpointDir(checkpoints.toString());
        context.addComponent("tail", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                var route = from("tail:bench?path=" + logs + "&include=access.log&startPosition=head&batchLinger=50" + options)
                        .routeId("bench").process(exchange -> {
                            if (encode) {
                                sink.accept(exchange.getMessage().getBody(LogBatch.class));
                            } else if (sink.firstBatchAt == 0) {
                                sink.firstBatchAt = System.nanoTime();
                            }
                        });
                if (destination != null) {
                    route.to(destination);
                }
            }
        });
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long startupBegan = System.nanoTime();
        long cpuAtStartup = os.getProcessCpuTime();
        context.start();
        TailMetrics metrics = ((TailEndpoint) context.getRoute("bench").getEndpoint()).getMetrics();
        while (metrics.getSweeps() == 0) {
            Thread.sleep(1);
        }
        // the agent is running and watching; now the 200 MB file appears in its directory (a hard link: instant)
        long cpuBefore = os.getProcessCpuTime();
        Map<String, Long> threadsBefore = cpuByThreadKind();
        long started = System.nanoTime();
        Files.createLink(file, corpus);
        while (metrics.getBytesDelivered() < size) {
            Thread.sleep(1);
        }
        long elapsed = System.nanoTime() - started;
        long cpu = os.getProcessCpuTime() - cpuBefore;
        Map<String, Long> threadsAfter = cpuByThreadKind();
        long withStartup = System.nanoTime() - startupBegan;
        long cpuWithStartup = os.getProcessCpuTime() - cpuAtStartup;
        context.stop();
        Files.delete(file);

        double seconds = elapsed / 1e9;
        System.out.printf("file             %s (%.1f MB, %d lines)%n", file, size / 1e6, metrics.getLinesDelivered());
        System.out.printf("elapsed          %.2f s (file appears -> last batch %s)%n", seconds,
                destination == null ? "encoded" : "stored in the local Logstore");
        System.out.printf("first batch      %.0f ms after the file appeared%n", (sink.firstBatchAt - started) / 1e6);
        System.out.printf("throughput       %.1f MB/s, %.0f lines/s%n", size / 1e6 / seconds, metrics.getLinesDelivered() / seconds);
        System.out.printf("cpu              %.2f s (%.0f%% of one core)%n", cpu / 1e9, 100.0 * cpu / elapsed);
        StringBuilder split = new StringBuilder();
        threadsAfter.forEach((kind, ticks) -> {
            long delta = ticks - threadsBefore.getOrDefault(kind, 0L);
            if (delta > 0) {
                split.append(String.format(" %s %.2f s", kind, delta / 100.0));
            }
        });
        System.out.printf("cpu by thread   %s%n", split);
        System.out.printf("batches          %d (%.0f lines each)%n", metrics.getBatchesDelivered(),
                (double) metrics.getLinesDelivered() / metrics.getBatchesDelivered());
        System.out.printf("encoded          %.1f MB LogGroup, %.1f MB after lz4%n", sink.rawBytes / 1e6, sink.compressedBytes / 1e6);
 System.out.printf("with start-up    %.2f s, %.1f MB/s, cpu %.2f s (Camel context start included)%n",
                withStartup / 1e9, size / 1e6 / (withStartup / 1e9), cpuWithStartup / 1e9);
        System.out.printf("peak RSS         %s (max heap %d MB)%n", peakRss(), Runtime.getRuntime().maxMemory() >> 20);
    }

    /**
     * Outside a Quarkus application nobody activates Quarkus' start-up log handler, which then keeps
     * every record (at every level, with its parameters, such as exchanges) in memory. The agent's
     * own start does this; a bench on a plain Camel context must do it itself or measure a leak.
     */
    static void startLogging() {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        io.quarkus.bootstrap.logging.InitialConfigurator.DELAYED_HANDLER.setHandlers(
                new java.util.logging.Handler[]{io.quarkus.bootstrap.logging.InitialConfigurator.createDefaultHandler()});
    }

    /** What the logstore producer does before sending: LogGroup protobuf, then LZ4. */
    static final class EncodingSink {
        private final LogGroupEncoder encoder = new LogGroupEncoder();
        long rawBytes;
        long compressedBytes;
        volatile long firstBatchAt;

        void accept(LogBatch batch) {
            if (firstBatchAt == 0) {
                firstBatchAt = System.nanoTime();
            }
            List<String> tags = new ArrayList<>(batch.tags().size() * 2);
            for (Map.Entry<String, String> tag : batch.tags().entrySet()) {
                tags.add(tag.getKey());
                tags.add(tag.getValue());
            }
            byte[] raw = encoder.encode(batch.events(), 0, batch.size(), batch.topic(), batch.source(), tags);
            rawBytes += raw.length;
            compressedBytes += CompressType.LZ4.compress(raw).length;
        }
    }

    /** Writes the corpus once; an existing file of at least the size is reused (same seed, same bytes). */
    static long generate(Path file, long bytes, long seed) throws Exception {
        Path marker = file.resolveSibling(file.getFileName() + ".seed-" + seed + "-" + bytes);
        if (Files.exists(marker) && Files.exists(file)) {
            return Files.size(file);
        }
        NginxLogGenerator generator = new NginxLogGenerator(seed);
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (written < bytes) {
                String line = generator.nextLine();
                out.write(line);
                out.write('\n');
                written += line.length() + 1;
            }
        }
        Files.writeString(marker, "");
        return Files.size(file);
    }

    /** CPU ticks (1/100 s) per kind of thread, from /proc: JIT compiler, GC, and the rest (Camel: reader, delivery). */
    static Map<String, Long> cpuByThreadKind() {
        Map<String, Long> ticks = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    // thread names in /proc are cut to 15 characters: enough to tell the JVM's own threads apart
                    String kind = name.contains("Compiler") ? "jit" : name.startsWith("G1") || name.contains("GC") ? "gc" : "app";
                    ticks.merge(kind, used, Long::sum);
                } catch (Exception ignored) {
                    // the thread ended
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return ticks;
    }

    static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return "n/a";
    }
}
