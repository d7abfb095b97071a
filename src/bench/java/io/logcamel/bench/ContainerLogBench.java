package io.logcamel.bench;

import com.sun.management.OperatingSystemMXBean;
import io.logcamel.tail.TailComponent;
import io.logcamel.tail.TailEndpoint;
import io.logcamel.tail.TailMetrics;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Container-log parsing and joining inside the whole tail: the seeded 200 MB nginx corpus of
 * {@link TailThroughputBench} turned into CRI lines (time with nanoseconds, stdout or stderr, one
 * line in ten written as two partial lines), tailed from its head with {@code format=cri}, and the
 * same file with {@code format=plain} for comparison (same bytes, no framing taken apart). The
 * route only counts; nothing is encoded or sent.
 *
 * <p>Arguments: {@code [megabytes=200] [directory=target/bench-containers] [seed=42]}.
 */
public final class ContainerLogBench {

    public static void main(String[] args) throws Exception {
        TailThroughputBench.startLogging();
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 200;
        Path directory = Path.of(args.length > 1 ? args[1] : "target/bench-containers");
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        Path nginx = Files.createDirectories(directory.resolve("corpus")).resolve("access.log");
        TailThroughputBench.generate(nginx, megabytes * 1_000_000L, seed);
        Path cri = directory.resolve("corpus").resolve("0.log");
        long[] counts = toCri(nginx, cri, seed);
        System.out.printf("corpus           %s: %d nginx lines (%.1f MB) as %d CRI lines (%.1f MB)%n", cri, counts[0],
                Files.size(nginx) / 1e6, counts[1], Files.size(cri) / 1e6);
        for (String format : new String[]{"cri", "plain", "cri"}) {
            run(cri, Files.size(cri), Files.createDirectories(directory.resolve("run-" + System.nanoTime())), format);
        }
    }

    /** @return nginx lines, CRI lines written */
    private static long[] toCri(Path nginx, Path cri, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        long lines = 0;
        long written = 0;
        Instant time = Instant.parse("2026-12-02T00:00:00Z");
        try (BufferedReader in = Files.newBufferedReader(nginx, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(cri, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                time = time.plusNanos(1 + random.nextInt(2_000_000));
                String stream = random.nextInt(8) == 0 ? "stderr" : "stdout";
                if (random.nextInt(10) == 0 && line.length() > 40) {
                    int cut = line.length() / 2;
                    out.write(time + " " + stream + " P " + line.substring(0, cut) + "\n");
                    out.write(time + " " + stream + " F " + line.substring(cut) + "\n");
                    written += 2;
                } else {
                    out.write(time + " " + stream + " F " + line + "\n");
                    written++;
                }
            }
        }
        return new long[]{lines, written};
    }

    private static void run(Path corpus, long size, Path run, String format) throws Exception {
        Path logs = Files.createDirectories(run.resolve("logs"));
        DefaultCamelContext context = new DefaultCamelContext();
        TailComponent component = new TailComponent();
        component.setCheckpointDir(run.resolve("checkpoints").toString());
        context.addComponent("tail", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("tail:bench?path=" + logs + "&include=0.log&startPosition=head&batchLinger=50&format=" + format)
                        .routeId("bench").process(exchange -> { });
            }
        });
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        context.start();
        TailMetrics metrics = ((TailEndpoint) context.getRoute("bench").getEndpoint()).getMetrics();
        while (metrics.getSweeps() == 0) {
            Thread.sleep(1);
        }
        long cpuBefore = os.getProcessCpuTime();
        long started = System.nanoTime();
        Files.createLink(logs.resolve("0.log"), corpus);
        while (metrics.getBytesDelivered() < size) {
            Thread.sleep(1);
        }
        long elapsed = System.nanoTime() - started;
        long cpu = os.getProcessCpuTime() - cpuBefore;
        context.stop();
        double seconds = elapsed / 1e9;
        System.out.printf("format=%-6s     %.2f s, %.1f MB/s, %.0f records/s (%d records), cpu %.2f s, invalid %d%n", format,
                seconds, size / 1e6 / seconds, metrics.getLinesDelivered() / seconds, metrics.getLinesDelivered(),
                cpu / 1e9, metrics.getContainerLinesInvalid());
    }
}
