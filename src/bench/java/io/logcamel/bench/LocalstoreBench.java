package io.logcamel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logcamel.event.LogEvent;
import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.logstore.sign.Credentials;
import io.logcamel.logstore.sign.Digests;
import io.logcamel.logstore.sign.RequestSigner;
import io.logcamel.logstore.sign.SignatureVersion;
import io.logcamel.logstore.wire.CompressType;
import io.logcamel.logstore.wire.LogGroupEncoder;
import io.logcamel.parse.regex.PortableRegex;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;

/**
 * The local Logstore under load, in this JVM, from a real HTTP client sending signed PutLogs
 * (v1 signature, Content-MD5, lz4 bodies of seeded nginx lines: encoded once, signed per request,
 * so the client costs little of the machine's two cores).
 *
 * <pre>
 * ingest  seconds threads linesPerRequest raw|fields [fsync]   as fast as the store accepts (fsync: false)
 * paced   mbPerSecond seconds threads linesPerRequest raw|fields [fsync]  a steady rate: PutLogs latency
 * query   logs dataDir                                          load parsed logs once, then time GetLogs
 * </pre>
 * Raw bytes are the lines plus a newline each, as they were in the file.
 */
public final class LocalstoreBench {

    private static final String KEY_ID = "bench-key";
    private static final String SECRET = "bench-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NGINX_FIELDS = "(?<remote_addr>\\S+) - (?<remote_user>\\S+) \\[(?<time_local>[^\\]]+)\\] "
            + "\"(?<request_method>\\S+) (?<request_uri>\\S+) (?<server_protocol>[^\"]+)\" (?<status>\\d+) "
            + "(?<body_bytes_sent>\\d+) \"(?<http_referer>[^\"]*)\" \"(?<http_user_agent>[^\"]*)\"";

    /** Pre-encoded PutLogs bodies and what they hold. */
    private record Body(byte[] compressed, int rawSize, String md5, int lines, long rawLineBytes) {
    }

    public static void main(String[] args) throws Exception {
        TailThroughputBench.startLogging();
        switch (args.length == 0 ? "" : args[0]) {
            case "ingest" -> ingest(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    args[4].equals("fields"), args.length > 5 && Boolean.parseBoolean(args[5]));
            case "paced" -> paced(Double.parseDouble(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), args[5].equals("fields"), args.length > 6 && Boolean.parseBoolean(args[6]));
            case "query" -> query(Long.parseLong(args[1]), Path.of(args[2]));
            default -> throw new IllegalArgumentException("usage: ingest|paced|query ... (see the class comment)");
        }
    }

    private static void ingest(int seconds, int threads, int linesPerRequest, boolean fields, boolean fsync) throws Exception {
        Path dataDir = Files.createTempDirectory("localstore-bench");
        LocalLogstoreSettings settings = settings(dataDir, threads)
                .withStorage(new LocalLogstoreSettings.Storage(fsync, 1L << 40, Duration.ofSeconds(10), 512));
        List<Body> bodies = bodies(32, linesPerRequest, fields, 42);
        try (LocalLogstoreServer server = LocalLogstoreServer.start(settings);
             Client client = new Client(server.port(), threads)) {
            run(client, bodies, threads, 2, 0); // warm-up
            long indexedBefore = server.stats().rowsIndexed();
            awaitIndexed(server);
            long cpuBefore = EndToEndBench.processCpuNanos();
            Map<String, Long> threadCpuBefore = threadCpu();
            long start = System.nanoTime();
            Result result = run(client, bodies, threads, seconds, 0);
            double acceptSeconds = (System.nanoTime() - start) / 1e9;
            awaitIndexed(server);
            double indexSeconds = (System.nanoTime() - start) / 1e9;
            double cpu = (EndToEndBench.processCpuNanos() - cpuBefore) / 1e9;
            Map<String, Long> threadCpuAfter = threadCpu();
            long indexed = server.stats().rowsIndexed() - indexedBefore;
            System.out.printf("ingest %s, %d threads, %d lines per PutLogs, fsync %s%n", fields ? "parsed nginx (10 keys)" : "raw nginx lines",
                    threads, linesPerRequest, fsync);
            System.out.printf("  accepted %,d logs in %.1f s: %.1f MB/s of raw log bytes, %,.0f logs/s; %d requests refused%n",
                    result.lines.get(), acceptSeconds, result.rawBytes.get() / acceptSeconds / 1e6,
                    result.lines.get() / acceptSeconds, result.refused.get());
            System.out.printf("  PutLogs latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", result.percentile(50), result.percentile(99),
                    result.percentile(100));
            System.out.printf("  all %,d queryable %.1f s after the start: indexing %.1f MB/s, %,.0f logs/s; CPU %.1f s; peak RSS %s%n",
                    indexed, indexSeconds, result.rawBytes.get() / indexSeconds / 1e6, indexed / indexSeconds, cpu, EndToEndBench.peakRss());
            StringBuilder perLog = new StringBuilder("  CPU per log:");
            for (String stage : threadCpuAfter.keySet()) {
                perLog.append(String.format(" %s %.2f us,", stage,
                        (threadCpuAfter.get(stage) - threadCpuBefore.getOrDefault(stage, 0L)) / 1e3 / result.lines.get()));
            }
            perLog.append(String.format(" whole process %.2f us (includes DuckDB's own threads, GC, JIT)", cpu * 1e6 / result.lines.get()));
            System.out.println(perLog);
        }
        System.out.printf("  storage after close: %s%n", storage(dataDir, bodies, settings));
    }

    private static void paced(double mbPerSecond, int seconds, int threads, int linesPerRequest, boolean fields, boolean fsync)
            throws Exception {
        Path dataDir = Files.createTempDirectory("localstore-bench");
        List<Body> bodies = bodies(32, linesPerRequest, fields, 42);
        double bytesPerRequest = bodies.stream().mapToLong(Body::rawLineBytes).average().orElseThrow();
        long intervalNanos = (long) (bytesPerRequest / (mbPerSecond * 1e6) * 1e9 * threads);
        LocalLogstoreSettings settings = settings(dataDir, threads).withStorage(
                new LocalLogstoreSettings.Storage(fsync, 256L << 20, Duration.ofSeconds(10), 512));
        try (LocalLogstoreServer server = LocalLogstoreServer.start(settings);
             Client client = new Client(server.port(), threads)) {
            run(client, bodies, threads, 2, 0);
            awaitIndexed(server);
            long start = System.nanoTime();
            Result result;
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    long backlog = server.indexBacklogBytes();
                    currentResult.get().maxBacklog.accumulateAndGet(backlog, Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            currentResult.set(new Result());
            sampler.start();
            try {
                result = run(client, bodies, threads, seconds, intervalNanos);
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            result.maxBacklog.set(currentResult.get().maxBacklog.get());
            double elapsed = (System.nanoTime() - start) / 1e9;
            awaitIndexed(server);
            System.out.printf("paced at %.1f MB/s: %s, %d threads, %d lines per PutLogs (%.0f KB raw), one every %.1f ms per thread,"
                            + " fsync %s%n", mbPerSecond, fields ? "parsed nginx (10 keys)" : "raw nginx lines", threads,
                    linesPerRequest, bytesPerRequest / 1e3, intervalNanos / 1e6, fsync);
            System.out.printf("  sent %.1f MB/s for %.0f s; PutLogs latency from the scheduled send: p50 %.1f ms, p99 %.1f ms,"
                            + " p99.9 %.1f ms, max %.1f ms; %d over 1 s; %d refused; most accepted but not yet indexed at once: %.1f MB (as received)%n",
                    result.rawBytes.get() / elapsed / 1e6, elapsed, result.percentile(50), result.percentile(99),
                    result.percentile(99.9), result.percentile(100), result.over(1000), result.refused.get(),
                    result.maxBacklog.get() / 1e6);
            System.out.printf("  %s%n", gcPauses());
        }
    }

    private static void query(long logs, Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        LocalLogstoreSettings settings = settings(dataDir, 2);
        try (LocalLogstoreServer server = LocalLogstoreServer.start(settings);
             Client client = new Client(server.port(), 2)) {
            long stored = client.count("status: *");
            if (stored < logs) {
                List<Body> bodies = bodies(64, 4096, true, 7);
                long perBody = bodies.get(0).lines;
                long requests = (logs - stored + perBody - 1) / perBody;
                long start = System.nanoTime();
                Result result = runRequests(client, bodies, 2, requests);
                awaitIndexed(server);
                double took = (System.nanoTime() - start) / 1e9;
                System.out.printf("loaded %,d parsed nginx logs (%.0f MB raw) in %.0f s: %,.0f logs/s end to end%n",
                        result.lines.get(), result.rawBytes.get() / 1e6, took, result.lines.get() / took);
                stored = client.count("status: *");
            }
            System.out.printf("%,d logs stored, %.0f MB on disk now%n", stored, server.diskBytes() / 1e6);
            for (String query : List.of("status: 500", "request_method: POST and status: 404", "status >= 500",
                    "request_uri: /api/v1/orders*", "timeout", "* | SELECT status, count(*) AS n GROUP BY status ORDER BY n DESC")) {
                long[] millis = new long[5];
                long[] countMillis = new long[5];
                String answer = "";
                for (int i = 0; i < millis.length; i++) {
                    long started = System.nanoTime();
                    answer = client.answer(query);
                    millis[i] = (System.nanoTime() - started) / 1_000_000;
                    if (!query.contains("|")) {
                        started = System.nanoTime();
                        client.count(query);
                        countMillis[i] = (System.nanoTime() - started) / 1_000_000;
                    }
                }
                Arrays.sort(millis);
                Arrays.sort(countMillis);
                System.out.printf("  %-66s %s; with the first 100 logs: median %d ms (best %d, worst %d)%s%n", "'" + query + "'",
                        answer, millis[2], millis[0], millis[4], query.contains("|") ? ""
                                : String.format("; count only: median %d ms (best %d, worst %d)", countMillis[2], countMillis[0], countMillis[4]));
            }
        }
    }

    private static final java.util.concurrent.atomic.AtomicReference<Result> currentResult = new java.util.concurrent.atomic.AtomicReference<>();

    private static String gcPauses() {
        long count = 0;
        long millis = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            count += gc.getCollectionCount();
            millis += gc.getCollectionTime();
        }
        return "GC: " + count + " collections, " + millis + " ms in all";
    }

    /** CPU nanoseconds of this JVM's threads by role: the indexer, the HTTP handlers, the bench's senders. */
    private static Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> byRole = new TreeMap<>();
        for (java.lang.management.ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            String role = name.equals("localstore-indexer") ? "indexer" : name.startsWith("localstore-") ? "PutLogs handlers"
                    : name.startsWith("pool-") ? "bench client" : null;
            long nanos = bean.getThreadCpuTime(info.getThreadId());
            if (role != null && nanos > 0) {
                byRole.merge(role, nanos, Long::sum);
            }
        }
        return byRole;
    }

    private static LocalLogstoreSettings settings(Path dataDir, int threads) {
        return new LocalLogstoreSettings("127.0.0.1", 0, dataDir, Map.of(KEY_ID, SECRET), "demo", Math.max(threads, 2));
    }

    private static void awaitIndexed(LocalLogstoreServer server) throws InterruptedException {
        while (server.indexBacklogBytes() > 0) {
            Thread.sleep(20);
        }
    }

    private static String storage(Path dataDir, List<Body> bodies, LocalLogstoreSettings settings) throws IOException {
        // reopen and close: the database file after a checkpoint, the journal emptied
        long logs;
        long rawBytes;
        try (LocalLogstoreServer server = LocalLogstoreServer.start(settings);
             Client client = new Client(server.port(), 1)) {
            logs = client.count("*");
        }
        double rawPerLog = bodies.stream().mapToLong(Body::rawLineBytes).sum() / (double) bodies.stream().mapToLong(Body::lines).sum();
        rawBytes = (long) (rawPerLog * logs);
        long disk;
        try (var files = Files.walk(dataDir)) {
            disk = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
        return String.format("%,d logs, %.0f MB raw, %.0f MB on disk: %.1f bytes per log for %.1f raw (%.0f %%)",
                logs, rawBytes / 1e6, disk / 1e6, disk / (double) logs, rawPerLog, 100.0 * disk / rawBytes);
    }

    /** Distinct PutLogs bodies of seeded nginx lines, raw (one content field) or parsed into 10 fields. */
    static List<Body> bodies(int count, int linesPerRequest, boolean fields, long seed) {
        NginxLogGenerator generator = new NginxLogGenerator(seed);
        Matcher parser = PortableRegex.compile("pattern", NGINX_FIELDS).pattern().matcher("");
        List<String> names = PortableRegex.compile("pattern", NGINX_FIELDS).groupNames();
        long now = Instant.now().getEpochSecond();
        List<Body> bodies = new ArrayList<>(count);
        LogGroupEncoder encoder = new LogGroupEncoder();
        for (int b = 0; b < count; b++) {
            List<LogEvent> events = new ArrayList<>(linesPerRequest);
            long rawBytes = 0;
            for (int i = 0; i < linesPerRequest; i++) {
                String line = generator.nextLine();
                rawBytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
                LogEvent event = new LogEvent(now, i);
                if (fields && parser.reset(line).matches()) {
                    for (int g = 0; g < names.size(); g++) {
                        event.add(names.get(g), parser.group(g + 1));
                    }
                } else {
                    event.add(LogEvent.CONTENT, line);
                }
                events.add(event);
            }
            byte[] raw = encoder.encode(events, 0, events.size(), "bench", "127.0.0.1", List.of("__hostname__", "bench-host"));
            byte[] compressed = CompressType.LZ4.compress(raw);
            bodies.add(new Body(compressed, raw.length, Digests.md5UpperHex(compressed), linesPerRequest, rawBytes));
        }
        return bodies;
    }

    /** What a run measured. */
    private static final class Result {
        final AtomicLong lines = new AtomicLong();
        final AtomicLong rawBytes = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong maxBacklog = new AtomicLong();
        final List<long[]> latencies = new ArrayList<>();

        synchronized void add(long[] some, int count) {
            latencies.add(Arrays.copyOf(some, count));
        }

        double percentile(double p) {
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            if (all.length == 0) {
                return 0;
            }
            int index = (int) Math.min(all.length - 1, Math.ceil(p / 100 * all.length) - 1);
            return all[Math.max(0, index)] / 1e6;
        }

        long over(long millis) {
            return latencies.stream().flatMapToLong(Arrays::stream).filter(n -> n > millis * 1_000_000).count();
        }
    }

    /** {@code threads} senders for {@code seconds}, each sending one request every {@code intervalNanos} (0: back to back). */
    private static Result run(Client client, List<Body> bodies, int threads, int seconds, long intervalNanos) throws Exception {
        Result result = new Result();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        inParallel(threads, first -> {
            long[] latencies = new long[1 << 20];
            int count = 0;
            long next = System.nanoTime();
            for (int i = first; System.nanoTime() < end && count < latencies.length; i += threads) {
                if (intervalNanos > 0) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                long scheduled = intervalNanos > 0 ? next : System.nanoTime();
                client.put(bodies.get(i % bodies.size()), result);
                latencies[count++] = System.nanoTime() - scheduled;
                next += intervalNanos;
            }
            result.add(latencies, count);
        });
        return result;
    }

    private interface Sender {
        void send(int thread) throws Exception;
    }

    /** Runs {@code sender} on {@code threads} threads and waits for all of them. */
    private static void inParallel(int threads, Sender sender) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.add(pool.submit(() -> {
                    sender.send(thread);
                    return null;
                }));
            }
            for (Future<?> one : senders) {
                one.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static Result runRequests(Client client, List<Body> bodies, int threads, long requests) throws Exception {
        Result result = new Result();
        AtomicLong next = new AtomicLong();
        inParallel(threads, thread -> {
            for (long i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                client.put(bodies.get((int) (i % bodies.size())), result);
            }
        });
        return result;
    }

    /** Signed PutLogs and GetLogs over pooled HTTP/1.1 connections. */
    private static final class Client implements AutoCloseable {
        private final CloseableHttpClient http;
        private final int port;
        private final RequestSigner signer = new RequestSigner(new Credentials(KEY_ID, SECRET), SignatureVersion.V1, null);
        private final HttpHost host;

        Client(int port, int connections) {
            PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
            pool.setMaxTotal(connections);
            pool.setDefaultMaxPerRoute(connections);
            this.http = HttpClients.custom().setConnectionManager(pool).build();
            this.port = port;
            this.host = new HttpHost("http", "127.0.0.1", port);
        }

        /** Sends one PutLogs until it is accepted (a 403 for the index backlog is retried, as the agent would). */
        void put(Body body, Result result) throws Exception {
            String path = "/logstores/bench/shards/lb";
            while (true) {
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                headers.put("Content-Type", "application/x-protobuf");
                headers.put("Content-MD5", body.md5);
                headers.put("x-log-apiversion", "0.6.0");
                headers.put("x-log-bodyrawsize", Integer.toString(body.rawSize));
                headers.put("x-log-compresstype", "lz4");
                headers.put("Host", "127.0.0.1:" + port);
                signer.sign("POST", path, Map.of(), headers, body.compressed, Instant.now());
                headers.remove("Host");
                HttpPost post = new HttpPost(path);
                headers.forEach(post::setHeader);
                post.setEntity(new ByteArrayEntity(body.compressed, ContentType.create("application/x-protobuf")));
                int status = http.execute(host, post, response -> {
                    EntityUtils.consume(response.getEntity());
                    return response.getCode();
                });
                if (status == 200) {
                    result.lines.addAndGet(body.lines);
                    result.rawBytes.addAndGet(body.rawLineBytes);
                    return;
                }
                if (status != 403) {
                    throw new IOException("PutLogs answered " + status);
                }
                result.refused.incrementAndGet();
                Thread.sleep(50);
            }
        }

        long count(String query) throws IOException {
            return Long.parseLong(get(query, "0").headers.get("x-log-processed-rows"));
        }

        /** The count for a search; the rows for an analysis. */
        String answer(String query) throws IOException {
            Answer answer = get(query, "100");
            if (query.contains("|")) {
                return answer.body.size() + " rows, first " + answer.body.get(0);
            }
            return answer.headers.get("x-log-processed-rows") + " matching";
        }

        private record Answer(Map<String, String> headers, JsonNode body) {
        }

        private Answer get(String query, String line) throws IOException {
            Map<String, String> params = new TreeMap<>();
            params.put("type", "log");
            params.put("from", "0");
            params.put("to", Long.toString(Instant.now().getEpochSecond() + 86_400));
            params.put("query", query);
            params.put("line", line);
            String path = "/logstores/bench";
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.put("x-log-apiversion", "0.6.0");
            headers.put("Host", "127.0.0.1:" + port);
            signer.sign("GET", path, params, headers, null, Instant.now());
            headers.remove("Host");
            StringBuilder uri = new StringBuilder(path);
            char separator = '?';
            for (Map.Entry<String, String> parameter : params.entrySet()) {
                uri.append(separator).append(parameter.getKey()).append('=')
                        .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
                separator = '&';
            }
            HttpGet get = new HttpGet(uri.toString());
            headers.forEach(get::setHeader);
            return http.execute(host, get, response -> {
                String text = EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                if (response.getCode() != 200) {
                    throw new IOException("GetLogs '" + query + "' answered " + response.getCode() + ": " + text);
                }
                Map<String, String> found = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (var header : response.getHeaders()) {
                    found.put(header.getName(), header.getValue());
                }
                return new Answer(found, JSON.readTree(text));
            });
        }

        @Override
        public void close() throws IOException {
            http.close();
        }
    }
}
