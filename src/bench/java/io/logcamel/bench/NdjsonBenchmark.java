package io.logcamel.bench;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.event.convert.LogBatchJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * What a Camel sink costs on top of the sink itself: a tailed batch (4096 nginx-combined lines with
 * the tail's tags, topic and source) converted to NDJSON bytes, as {@code kafka:}, {@code file:} or
 * {@code http:} receive it, and NDJSON read back to a batch, as a {@code kafka:} source does. One
 * operation is one batch; {@link BenchMain} turns ops/s into MB/s of raw lines.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NdjsonBenchmark {

    private LogBatch batch;
    private byte[] ndjson;

    @Setup(Level.Trial)
    public void setUp() {
        NginxLogGenerator generator = new NginxLogGenerator(42);
        batch = new LogBatch().topic("nginx").source("10.0.0.5")
                .tag("__path__", "/var/log/nginx/access.log").tag("__hostname__", "web-1");
        long now = Instant.now().getEpochSecond();
        for (int i = 0; i < ProducerEncodeBenchmark.LINES_PER_BATCH; i++) {
            batch.add(LogEvent.ofContent(now, i * 1000, generator.nextLine()));
        }
        ndjson = LogBatchJson.toBytes(batch);
    }

    @Benchmark
    public byte[] batchToNdjson() {
        return LogBatchJson.toBytes(batch);
    }

    @Benchmark
    public LogBatch ndjsonToBatch() {
        return LogBatchJson.fromBytes(ndjson);
    }
}
