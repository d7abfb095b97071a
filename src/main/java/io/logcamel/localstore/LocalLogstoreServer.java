package io.logcamel.localstore;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded Logstore: PutLogs and GetLogs of the Log Service protocol over HTTP, signatures
 * checked, logs kept in an embedded database. Plain Java (no CDI), so tests start it on port 0.
 *
 * <p>This class only routes: it reads each request, authenticates it, hands it to the handler for
 * its path and writes the reply with an {@code x-log-requestid}.
 */
public final class LocalLogstoreServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalLogstoreServer.class);
    private static final Pattern PUT_LOGS = Pattern.compile("/logstores/([^/]+)/shards/(lb|route)");
    private static final Pattern GET_LOGS = Pattern.compile("/logstores/([^/]+)");
    private static final Pattern POST_GET_LOGS = Pattern.compile("/logstores/([^/]+)/logs");
    private static final Pattern LOGSTORE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{1,62}");
    /** Compressed bodies can be slightly larger than their raw form; anything beyond this is refused unread. */
    private static final int MAX_RECEIVED_BODY = PutLogsHandler.MAX_RAW_BODY + 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer http;
    private final ThreadPoolExecutor executor;
    private final LogTable table;
    private final Journal journal;
    private final LogIndexer indexer;
    private final FaultInjector faults = new FaultInjector();
    private final LocalstoreStats stats = new LocalstoreStats();
    private final RequestAuthenticator authenticator;
    private final ProjectResolver projects;
    private final PutLogsHandler putLogs;
    private final GetLogsHandler getLogs;
    private final FaultsHandler faultsHandler;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final boolean anonymousLoopbackRead;
    private final Path dataDir;
    private volatile boolean closing;

    private LocalLogstoreServer(LocalLogstoreSettings settings, LogTable table, Journal journal) throws IOException {
        this.table = table;
        this.journal = journal;
        this.indexer = new LogIndexer(journal, table, stats);
        this.anonymousLoopbackRead = settings.anonymousLoopbackRead();
        this.dataDir = settings.dataDir();
        this.authenticator = new RequestAuthenticator(settings.accessKeys());
        this.projects = new ProjectResolver(settings.defaultProject());
        this.putLogs = new PutLogsHandler(journal, indexer, settings.storage().maxBacklogBytes(), faults, stats);
        this.getLogs = new GetLogsHandler(table, journal, indexer, settings.storage().queryWait().toMillis());
        this.faultsHandler = new FaultsHandler(faults);
        AtomicInteger threadNumber = new AtomicInteger();
        // bounded: when every thread is busy and the queue is full, the accepting thread runs the
        // request itself, which stops accepting more: back-pressure instead of unbounded memory
        this.executor = new ThreadPoolExecutor(settings.threads(), settings.threads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), task -> {
                    Thread thread = new Thread(task, "localstore-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        this.http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 128);
        http.setExecutor(executor);
        http.createContext("/", this::serve);
    }

    public static LocalLogstoreServer start(LocalLogstoreSettings settings) throws IOException {
        if (Files.exists(settings.dataDir().resolve(LogTable.OLD_FILE_NAME))) {
            LOG.warnf("%s holds logs in the layout of an earlier version, which is no longer read; delete it when they"
                    + " are not needed any more", settings.dataDir().resolve(LogTable.OLD_FILE_NAME));
        }
        LogTable table = LogTable.open(settings.dataDir(), settings.storage().maxColumns());
        Journal journal = null;
        try {
            journal = Journal.open(settings.dataDir().resolve(Journal.DIRECTORY), table.indexedOffset(),
                    settings.storage().fsync(), Journal.DEFAULT_SEGMENT_BYTES);
            LocalLogstoreServer server = new LocalLogstoreServer(settings, table, journal);
            server.indexer.start();
            server.http.start();
            LOG.infof("local Logstore listening on %s:%d, data in %s", settings.host(), server.port(), settings.dataDir());
            return server;
        } catch (IOException | RuntimeException e) {
            if (journal != null) {
                journal.close();
            }
            table.close();
            throw e;
        }
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    public FaultInjector faults() {
        return faults;
    }

    public LocalstoreStats stats() {
        return stats;
    }

    /** Accepted bytes (as received) not yet indexed into the database. */
    public long indexBacklogBytes() {
        return indexer.backlogBytes();
    }

    /** Bytes on disk: the database with its write-ahead log, and the journal. */
    public long diskBytes() {
        return table.diskBytes(dataDir) + journal.diskBytes();
    }

    /**
     * Lets requests in flight finish (new ones get ServerBusy), then stops. HttpServer's own
     * grace period waits its full length while any keep-alive connection is open, so the
     * in-flight count decides instead.
     */
    @Override
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        http.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // what was accepted is durable in the journal already: indexing it now only saves the next start the work
        indexer.stop(10_000);
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warnf("closing the local Logstore journal failed: %s", e.getMessage());
        }
        table.close();
        LOG.infof("local Logstore stopped after %d requests, %d logs accepted, %d indexed since start", stats.requests(),
                stats.rowsReceived(), stats.rowsIndexed());
    }

    private void serve(HttpExchange exchange) {
        String requestId = newRequestId();
        Reply reply;
        inFlight.incrementAndGet();
        try {
            if (closing) {
                throw new LogstoreError(503, "ServerBusy", "the local Logstore is shutting down");
            }
            reply = route(exchange);
        } catch (LogstoreError e) {
            LOG.debugf("%s %s -> %d %s: %s (request %s)", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    e.status(), e.code(), e.getMessage(), requestId);
            reply = Reply.error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = Reply.error(new LogstoreError(503, "ServerBusy", "the local Logstore is shutting down"));
        } catch (RuntimeException e) {
            LOG.infof(e, "%s %s failed (request %s)", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), requestId);
            reply = Reply.error(new LogstoreError(500, "InternalServerError", "unexpected error: " + e));
        } finally {
            inFlight.decrementAndGet();
        }
        stats.request(reply.status() < 300);
        try (exchange) {
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.getResponseHeaders().set("x-log-requestid", requestId);
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        } catch (IOException e) {
            LOG.debugf("could not answer request %s: %s", requestId, e.getMessage());
        }
    }

    private Reply route(HttpExchange exchange) throws InterruptedException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/_local/faults")) {
            if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
                throw new LogstoreError(403, "Forbidden", "faults can only be set from the local machine");
            }
            return faultsHandler.handle(read(exchange, method, path));
        }
        Matcher put = PUT_LOGS.matcher(path);
        if (method.equals("POST") && put.matches()) {
            IncomingRequest request = authenticated(exchange, method, path);
            putLogs.handle(request, logstore(put.group(1)));
            return Reply.empty();
        }
        Matcher postQuery = POST_GET_LOGS.matcher(path);
        if (method.equals("POST") && postQuery.matches()) {
            return getLogs.post(authenticated(exchange, method, path), logstore(postQuery.group(1)));
        }
        Matcher get = GET_LOGS.matcher(path);
        if (method.equals("GET") && get.matches()) {
            IncomingRequest request = isAnonymousLoopbackRead(exchange)
                    ? read(exchange, method, path) : authenticated(exchange, method, path);
            return getLogs.get(request, logstore(get.group(1)));
        }
        throw new LogstoreError(404, "RequestNotSupported", method + " " + path + " is not an API of the local Logstore");
    }

    private boolean isAnonymousLoopbackRead(HttpExchange exchange) {
        return anonymousLoopbackRead && !exchange.getRequestHeaders().containsKey("Authorization")
                && exchange.getRemoteAddress().getAddress().isLoopbackAddress();
    }

    private IncomingRequest authenticated(HttpExchange exchange, String method, String path) {
        IncomingRequest request = read(exchange, method, path);
        authenticator.authenticate(request, Instant.now());
        return request;
    }

    private static String logstore(String name) {
        String decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
        if (!LOGSTORE_NAME.matcher(decoded).matches()) {
            throw LogstoreError.parameterInvalid("logstore name '" + decoded
                    + "' must be 2-63 lower-case letters, digits, '_' or '-', starting with a letter or digit");
        }
        return decoded;
    }

    private IncomingRequest read(HttpExchange exchange, String method, String path) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!header.getValue().isEmpty()) {
                headers.put(header.getKey(), header.getValue().get(0));
            }
        }
        return new IncomingRequest(method, path, queryOf(exchange.getRequestURI().getRawQuery()), headers,
                body(exchange), projects.projectOf(headers.get("Host")));
    }

    private static Map<String, String> queryOf(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw LogstoreError.parameterInvalid("the query string is not URL-encoded properly near '" + pair + "'");
            }
        }
        return query;
    }

    private static byte[] body(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_RECEIVED_BODY + 1);
            if (body.length > MAX_RECEIVED_BODY) {
                throw new LogstoreError(413, "PostBodyTooLarge", "the request body is over " + MAX_RECEIVED_BODY + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw LogstoreError.badRequest("InvalidBody", "reading the request body failed: " + e.getMessage());
        }
    }

    private static String newRequestId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return HexFormat.of().withUpperCase().formatHex(id);
    }
}
