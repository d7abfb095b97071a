package io.logcamel.bench;

import io.logcamel.event.LogEvent;
import io.logcamel.logstore.BatchSplitter;
import io.logcamel.logstore.LogstoreRequestBuilder;
import io.logcamel.logstore.PutLogsRequest;
import io.logcamel.logstore.sign.Credentials;
import io.logcamel.logstore.sign.RequestSigner;
import io.logcamel.logstore.sign.SignatureVersion;
import io.logcamel.logstore.wire.CompressType;
import io.logcamel.logstore.wire.LogGroupEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the {@code logstore:} producer does to a batch before it goes on the wire, on one
 * thread, with the producer's own classes: splitting, protobuf encoding, compression,
 * Content-MD5 and the signature. One operation is one
 * batch of 4096 nginx-combined lines; {@link BenchMain} turns ops/s into MB/s of raw lines.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProducerEncodeBenchmark {

    public static final int LINES_PER_BATCH = 4096;

    @Param({"lz4", "zstd", "deflate", "none"})
    public String compressType;

    private List<LogEvent> events;
    private LogGroupEncoder encoder;
    private BatchSplitter splitter;
    private LogstoreRequestBuilder requests;

    /** Raw bytes of the lines in one batch: the unit BenchMain reports MB/s in. */
    public static long rawBytesPerBatch() {
        NginxLogGenerator generator = new NginxLogGenerator(42);
        long bytes = 0;
        for (int i = 0; i < LINES_PER_BATCH; i++) {
            bytes += generator.nextLine().getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return bytes;
    }

    @Setup(Level.Trial)
    public void setUp() {
        NginxLogGenerator generator = new NginxLogGenerator(42);
        events = new ArrayList<>(LINES_PER_BATCH);
        long now = Instant.now().getEpochSecond();
        for (int i = 0; i < LINES_PER_BATCH; i++) {
            events.add(LogEvent.ofContent(now, i, generator.nextLine()));
        }
        encoder = new LogGroupEncoder();
        splitter = new BatchSplitter(4096, 5 * 1024 * 1024);
        requests = new LogstoreRequestBuilder("demo.localhost:8480", "bench", CompressType.parse(compressType),
                new RequestSigner(new Credentials("bench-key", "bench-secret"), SignatureVersion.V1, null));
    }

    @Benchmark
    public int encodeCompressSign() {
        int bytesOnTheWire = 0;
        for (int from = 0; from < events.size(); ) {
            encoder.begin("bench", "10.0.0.1", List.of("__hostname__", "bench-host", "__pack_id__", "0123456789ABCDEF-1"));
            int to = splitter.fill(events, from, encoder);
            encoder.end();
            PutLogsRequest request = requests.build(encoder.bytes(), (int) encoder.size(), to - from, null);
            Map<String, String> signed = requests.sign(request, Instant.now());
            bytesOnTheWire += request.body().length + signed.size();
            from = to;
        }
        return bytesOnTheWire;
    }
}
