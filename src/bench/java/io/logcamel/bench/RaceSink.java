package io.logcamel.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import net.jpountz.lz4.LZ4Factory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The race's loopback sink: receives what a contestant ships, counts it, and says when everything
 * arrived. Two kinds, one per protocol the contestants speak:
 * <ul>
 * <li>{@code tcp}: a plain TCP listener for rsyslog and syslog-ng; it only reads and counts bytes
 * and newlines (one line per newline-framed message).</li>
 * <li>{@code putlogs}: an HTTP listener for the agent's {@code logstore:} producer; it reads each
 * request fully, answers 200 with an {@code x-log-requestid}, decompresses the body (lz4, deflate,
 * none) and counts the logs of the LogGroup and the bytes of their {@code content} values (the agent's
 * own status records, which reach its internal logstore {@code logcamel_internal} once a run is longer
 * than their interval, are acknowledged and counted apart). It does
 * not check signatures: the race measures the agent, not the server.</li>
 * </ul>
 * It binds 127.0.0.1 on an ephemeral port and writes the port to {@code portFile}; it exits once
 * {@code expectLines} lines arrived (after a one-second grace that catches duplicates) or after
 * {@code idleSeconds} without data, and prints one line: {@code complete=true|false lines=
 * bytes= requests= first_ns= last_ns= cpu_ms= ...}; {@code cpu_ms} is the sink's own CPU from the
 * first data to the last expected line (it shares the machine's cores with the contestant). {@code last_ns} is when the expected count was reached
 * (epoch nanoseconds, the clock {@code date +%s%N} reads), so duplicates arriving later do not
 * lengthen the run.
 *
 * <p>Arguments: {@code tcp|putlogs <portFile> <expectLines> [idleSeconds=120]}. The environment
 * variable {@code RACE_SINK_DELAY_MS} makes the PutLogs sink answer each request that much later,
 * like a Log Service endpoint a WAN round trip away (its pool answers 16 requests at a time).
 */
public final class RaceSink {

    /**
     * Where the agent ships its own status and alarm records by default ({@code logcamel.alarm.logstore}):
     * not the lines of the file, so not counted as such.
     */
    private static final String AGENT_OWN_LOGSTORE_PATH = "/logstores/logcamel_internal/";

    private final long expectLines;
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong wireBytes = new AtomicLong();
    private final AtomicLong contentBytes = new AtomicLong();
    private final AtomicLong badRequests = new AtomicLong();
    private final AtomicLong otherRequests = new AtomicLong();
    private final AtomicLong parseErrors = new AtomicLong();
    private final AtomicLong firstNs = new AtomicLong();
    private final AtomicLong doneNs = new AtomicLong();
    // the sink's own CPU from the first data to the last expected line: it shares the cores with the contestant
    private final AtomicLong firstCpuNs = new AtomicLong(-1);
    private final AtomicLong doneCpuNs = new AtomicLong(-1);
    private final long answerDelayMillis = Long.parseLong(System.getenv().getOrDefault("RACE_SINK_DELAY_MS", "0"));
    private volatile long lastActivityNanoTime = System.nanoTime();

    private RaceSink(long expectLines) {
        this.expectLines = expectLines;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !(args[0].equals("tcp") || args[0].equals("putlogs"))) {
            System.err.println("usage: RaceSink tcp|putlogs <portFile> <expectLines> [idleSeconds=120]");
            System.exit(2);
        }
        Path portFile = Paths.get(args[1]);
        long expect = Long.parseLong(args[2]);
        long idleSeconds = args.length > 3 ? Long.parseLong(args[3]) : 120;
        RaceSink sink = new RaceSink(expect);
        int port = args[0].equals("tcp") ? sink.startTcp() : sink.startPutLogs();
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(port));
        Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        boolean complete = sink.await(idleSeconds);
        System.out.println(sink.report(complete));
        System.out.flush();
        System.exit(0);
    }

    private boolean await(long idleSeconds) throws InterruptedException {
        long idleNanos = idleSeconds * 1_000_000_000L;
        while (doneNs.get() == 0) {
            if (System.nanoTime() - lastActivityNanoTime > idleNanos) {
                return false;
            }
            Thread.sleep(50);
        }
        // duplicates (a resend after a lost acknowledgement) would come right behind the last line
        Thread.sleep(1000);
        return true;
    }

    private String report(boolean complete) {
        return "complete=" + complete + " lines=" + lines.get() + " bytes=" + bytes.get()
                + " requests=" + requests.get() + " wire_bytes=" + wireBytes.get()
                + " content_bytes=" + contentBytes.get() + " bad_requests=" + badRequests.get()
                + " parse_errors=" + parseErrors.get() + " other_requests=" + otherRequests.get()
                + " first_ns=" + firstNs.get() + " last_ns=" + doneNs.get()
                + " cpu_ms=" + (doneCpuNs.get() < 0 ? 0 : (doneCpuNs.get() - firstCpuNs.get()) / 1_000_000);
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private void arrived(long newLines, long newBytes) {
        long now = epochNanos();
        if (firstNs.compareAndSet(0, now)) {
            firstCpuNs.set(processCpuNanos());
        }
        lastActivityNanoTime = System.nanoTime();
        bytes.addAndGet(newBytes);
        long total = lines.addAndGet(newLines);
        if (total >= expectLines) {
            if (doneNs.compareAndSet(0, now)) {
                doneCpuNs.set(processCpuNanos());
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    // ---- TCP: count bytes and newlines, nothing else ------------------------------------------------

    private int startTcp() throws IOException {
        ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (true) {
                try {
                    Socket socket = server.accept();
                    Thread reader = new Thread(() -> readConnection(socket), "race-sink-conn");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "race-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    private void readConnection(Socket socket) {
        byte[] buffer = new byte[1 << 18];
        try (socket; InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                long newlines = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        newlines++;
                    }
                }
                requests.incrementAndGet();
                arrived(newlines, n);
            }
        } catch (IOException e) {
            // the peer went away: what it sent is counted
        }
    }

    // ---- PutLogs: read fully, acknowledge, count logs -------------------------------------------------

    private int startPutLogs() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService pool = Executors.newFixedThreadPool(answerDelayMillis > 0 ? 16 : 4, r -> {
            Thread t = new Thread(r, "race-sink-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().startsWith(AGENT_OWN_LOGSTORE_PATH)) {
                // acknowledged, counted apart; not activity either: they come every 30 s whatever the file does
                otherRequests.incrementAndGet();
                exchange.getResponseHeaders().add("x-log-requestid", "other-race");
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            long logs = 0;
            long content = 0;
            try {
                byte[] raw = decompress(body, exchange.getRequestHeaders().getFirst("x-log-compresstype"),
                        exchange.getRequestHeaders().getFirst("x-log-bodyrawsize"));
                long[] counted = countLogs(raw);
                logs = counted[0];
                content = counted[1];
                parseErrors.addAndGet(counted[2]);
            } catch (RuntimeException | DataFormatException e) {
                badRequests.incrementAndGet();
            }
            requests.incrementAndGet();
            wireBytes.addAndGet(body.length);
            contentBytes.addAndGet(content);
            arrived(logs, content);
            exchange.getResponseHeaders().add("x-log-requestid", Long.toHexString(requests.get()) + "-race");
            if (answerDelayMillis > 0) {
                try {
                    Thread.sleep(answerDelayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private static byte[] decompress(byte[] body, String type, String rawSizeHeader) throws DataFormatException {
        if (type == null || type.isEmpty() || type.equals("none")) {
            return body;
        }
        int rawSize = Integer.parseInt(rawSizeHeader);
        byte[] raw = new byte[rawSize];
        switch (type) {
            case "lz4" -> LZ4Factory.fastestInstance().fastDecompressor().decompress(body, 0, raw, 0, rawSize);
            case "deflate" -> {
                Inflater inflater = new Inflater();
                inflater.setInput(body);
                inflater.inflate(raw);
                inflater.end();
            }
            default -> throw new IllegalArgumentException("compression " + type + " is not counted by the race sink");
        }
        return raw;
    }

    private static final byte[] CONTENT = "content".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PARSE_ERROR = "__parse_error__".getBytes(StandardCharsets.US_ASCII);

    /**
     * Logs in a LogGroup (field 1), the summed length of their {@code content} values, and how
     * many carry a {@code __parse_error__} field (a line the parser did not match).
     */
    static long[] countLogs(byte[] group) {
        long[] counts = new long[3];
        int[] pos = {0};
        while (pos[0] < group.length) {
            long tag = varint(group, pos);
            if (tag == ((1 << 3) | 2)) {
                int length = (int) varint(group, pos);
                countLog(group, pos[0], pos[0] + length, counts);
                pos[0] += length;
                counts[0]++;
            } else {
                skip(group, pos, (int) (tag & 7));
            }
        }
        return counts;
    }

    private static void countLog(byte[] b, int start, int end, long[] counts) {
        int[] pos = {start};
        while (pos[0] < end) {
            long tag = varint(b, pos);
            if (tag == ((2 << 3) | 2)) {
                int length = (int) varint(b, pos);
                int contentEnd = pos[0] + length;
                boolean isContentKey = false;
                while (pos[0] < contentEnd) {
                    long inner = varint(b, pos);
                    if ((inner & 7) != 2) {
                        skip(b, pos, (int) (inner & 7));
                        continue;
                    }
                    int len = (int) varint(b, pos);
                    if (inner >>> 3 == 1) {
                        isContentKey = java.util.Arrays.equals(b, pos[0], pos[0] + len, CONTENT, 0, CONTENT.length);
                        if (java.util.Arrays.equals(b, pos[0], pos[0] + len, PARSE_ERROR, 0, PARSE_ERROR.length)) {
                            counts[2]++;
                        }
                    } else if (inner >>> 3 == 2 && isContentKey) {
                        counts[1] += len;
                    }
                    pos[0] += len;
                }
            } else {
                skip(b, pos, (int) (tag & 7));
            }
        }
    }

    private static void skip(byte[] b, int[] pos, int wireType) {
        switch (wireType) {
            case 0 -> varint(b, pos);
            case 1 -> pos[0] += 8;
            case 2 -> {
                int length = (int) varint(b, pos);
                pos[0] += length;
            }
            case 5 -> pos[0] += 4;
            default -> throw new IllegalArgumentException("wire type " + wireType + " in a LogGroup");
        }
    }

    private static long varint(byte[] b, int[] pos) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b[pos[0]++];
            value |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 64 bits");
    }
}
