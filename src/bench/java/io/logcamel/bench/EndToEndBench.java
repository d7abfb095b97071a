package io.logcamel.bench;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Batches per second end to end: a Camel route with the {@code logstore:} producer ships
 * batches of nginx lines over HTTP to the local Logstore in the same JVM, which verifies the
 * signature, decompresses, decodes and stores them in DuckDB.
 *
 * <p>Arguments: {@code [batches] [linesPerBatch] [senderThreads] [compressType]}, defaults
 * {@code 400 1024 2 lz4}.
 */
public final class EndToEndBench {

    public static void main(String[] args) throws Exception {
        // Outside Quarkus nothing sets log levels: HttpClient's wire logging (DEBUG) would
        // format every byte sent: run at INFO, as the agent does.
        TailThroughputBench.startLogging();
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int linesPerBatch = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String compressType = args.length > 3 ? args[3] : "lz4";

        Path dataDir = Files.createTempDirectory("logcamel-e2e-bench");
        NginxLogGenerator generator = new NginxLogGenerator(42);
        List<String> lines = new ArrayList<>(linesPerBatch);
        long rawBytesPerBatch = 0;
        for (int i = 0; i < linesPerBatch; i++) {
            String line = generator.nextLine();
            lines.add(line);
            rawBytesPerBatch += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }

        try (LocalLogstoreServer server = LocalLogstoreServer.start(new LocalLogstoreSettings(
                "127.0.0.1", 0, dataDir, Map.of("bench-key", "bench-secret"), "demo"));
             CamelContext camel = new DefaultCamelContext()) {
            String uri = "logstore:demo/bench?endpoint=http://localhost:" + server.port()
                    + "&accessKeyId=bench-key&accessKeySecret=RAW(bench-secret)&compressType=" + compressType;
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:ship").to(uri);
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            send(template, lines, 20, 1); // warm-up

            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            send(template, lines, batches, threads);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;

            System.out.printf("end to end to the local Logstore: %d batches x %d lines, %d sender threads, %s%n",
                    batches, linesPerBatch, threads, compressType);
            System.out.printf("  %.1f batches/s, %.0f lines/s, %.1f MB/s of raw lines, %.1f CPU seconds (agent + store), peak RSS %s%n",
                    batches / seconds, batches * (double) linesPerBatch / seconds,
                    batches * (double) rawBytesPerBatch / seconds / 1e6, cpuSeconds, peakRss());
        }
    }

    private static void send(ProducerTemplate template, List<String> lines, int batches, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                results.add(pool.submit(() -> template.sendBody("direct:ship", batchOf(lines))));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static LogBatch batchOf(List<String> lines) {
        long now = Instant.now().getEpochSecond();
        LogBatch batch = new LogBatch(new ArrayList<>(lines.size()));
        for (int i = 0; i < lines.size(); i++) {
            batch.add(LogEvent.ofContent(now, i, lines.get(i)));
        }
        return batch;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String peakRss() throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM:")).map(l -> l.substring(6).trim()).findFirst().orElse("n/a");
    }
}
