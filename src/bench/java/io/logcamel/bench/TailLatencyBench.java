package io.logcamel.bench;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.tail.TailComponent;
import io.logcamel.tail.TailEndpoint;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * Latency from a line being appended to a watched file to its batch reaching the route, with the
 * default options (batchLinger 200 ms, inotify hints, 1 s sweep). The route end stands for the
 * logstore producer; the Logstore round trip is measured separately.
 *
 * <p>Arguments: {@code [lines=1000] [intervalMillis=10] [directory=target/bench-tail-latency] [extra URI options] [route|logstore]}.
 */
public final class TailLatencyBench {

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long intervalMillis = args.length > 1 ? Long.parseLong(args[1]) : 10;
        Path directory = Path.of(args.length > 2 ? args[2] : "target/bench-tail-latency");
        String options = args.length > 3 ? args[3] : "";
        boolean toLogstore = args.length > 4 && args[4].equals("logstore");
        TailThroughputBench.startLogging();
        Path run = Files.createDirectories(directory.resolve("run-" + System.nanoTime()));
        Path logs = Files.createDirectories(run.resolve("logs"));
        long[] latencyNanos = new long[lines];
        // with "logstore" the route ships each batch to a local Logstore in this JVM first: it answers
        // only after the logs are appended to its table, so the latency runs to "queryable"
        LocalLogstoreServer store = toLogstore ? LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0,
                run.resolve("localstore"), Map.of("bench-key", "bench-secret"), "demo")) : null;
        String destination = toLogstore ? "logstore:demo/latency?endpoint=http://localhost:" + store.port()
                + "&accessKeyId=bench-key&accessKeySecret=RAW(bench-secret)" : null;
        DefaultCamelContext context = new DefaultCamelContext();
        TailComponent component = new TailComponent();
        component.setCheckpointDir(run.resolve("checkpoints").toString());
        context.addComponent("tail", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                var route = from("tail:latency?path=" + logs + options).routeId("latency");
                if (destination != null) {
                    route.to(destination);
                }
                route.process(exchange -> {
                    long now = System.nanoTime();
                    for (LogEvent event : exchange.getMessage().getBody(LogBatch.class).events()) {
                        String[] parts = event.get(LogEvent.CONTENT).split(" ");
                        latencyNanos[Integer.parseInt(parts[0])] = now - Long.parseLong(parts[1]);
                    }
                });
            }
        });
        context.start();
        TailEndpoint endpoint = (TailEndpoint) context.getRoute("latency").getEndpoint();
        while (endpoint.getMetrics().getSweeps() == 0) {
            Thread.sleep(1);
        }
        try (FileChannel out = FileChannel.open(logs.resolve("app.log"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < lines; i++) {
                String line = i + " " + System.nanoTime() + " GET /api/v1/orders HTTP/1.1 200\n";
                out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
                Thread.sleep(intervalMillis);
            }
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (endpoint.getMetrics().getLinesDelivered() < lines && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        context.stop();
        if (store != null) {
            store.close();
        }
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        long missing = Arrays.stream(latencyNanos).filter(l -> l == 0).count();
        System.out.printf("lines %d, one every %d ms, options '%s', %s%n", lines, intervalMillis, options,
                toLogstore ? "until stored in the local Logstore (queryable)" : "until the route has the batch");
        System.out.printf("latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  (missing %d)%n",
                percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6, missing);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
