package io.logcamel.bench;

import io.logcamel.event.LogEvent;
import io.logcamel.logstore.sign.Credentials;
import io.logcamel.logstore.sign.Digests;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the {@code logstore:} producer does to a batch before it goes on the wire, on one
 * thread: protobuf encoding, compression, Content-MD5 and the signature. One operation is one
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
    private CompressType compression;
    private RequestSigner signer;

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
        compression = CompressType.parse(compressType);
        signer = new RequestSigner(new Credentials("bench-key", "bench-secret"), SignatureVersion.V1, null);
    }

    @Benchmark
    public Map<String, String> encodeCompressSign() {
        byte[] raw = encoder.encode(events, 0, events.size(), "bench", "10.0.0.1",
                List.of("__hostname__", "bench-host", "__pack_id__", "0123456789ABCDEF-1"));
        byte[] body = compression.compress(raw);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Host", "demo.localhost:8480");
        headers.put("Content-Type", "application/x-protobuf");
        headers.put("Content-MD5", Digests.md5UpperHex(body));
        headers.put("x-log-apiversion", "0.6.0");
        headers.put("x-log-bodyrawsize", Integer.toString(raw.length));
        if (compression.headerValue() != null) {
            headers.put("x-log-compresstype", compression.headerValue());
        }
        signer.sign("POST", "/logstores/bench/shards/lb", Map.of(), headers, body, Instant.now());
        return headers;
    }
}
