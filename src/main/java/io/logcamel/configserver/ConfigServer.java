package io.logcamel.configserver;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.logcamel.fleet.protocol.CommonResponse;
import io.logcamel.fleet.protocol.FetchConfigRequest;
import io.logcamel.fleet.protocol.FetchConfigResponse;
import io.logcamel.fleet.protocol.HeartbeatRequest;
import io.logcamel.fleet.protocol.HeartbeatResponse;
import io.logcamel.fleet.protocol.ReportStatusRequest;
import io.logcamel.fleet.protocol.ReportStatusResponse;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The config server over HTTP (the JDK server on a bounded pool, like the local Logstore):
 * {@code POST /Agent/Heartbeat}, {@code /Agent/FetchPipelineConfig}, {@code /Agent/ReportStatus}
 * (protobuf, agent tokens only), {@code /api/v1/...} (JSON, admin tokens only) and the web console
 * under {@code /console/} (static files; the page itself calls the REST API). A request
 * without the right token gets 401 and changes nothing; a server fault answers the protocol's
 * way (common_response.status non-zero, every other field empty).
 */
public final class ConfigServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConfigServer.class);
    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final HttpServer http;
    private final ExecutorService pool;
    private final FleetStore store;
    private final AgentProtocol protocol;
    private final AdminApi api;
    private final Set<String> agentTokens;
    private final Set<String> adminTokens;
    private final AtomicLong requests = new AtomicLong();

    private ConfigServer(ConfigServerSettings settings) throws IOException {
        store = new FleetStore(settings.jdbcUrl(), settings.dbUser(), settings.dbPassword(), 8);
        protocol = new AgentProtocol(store);
        api = new AdminApi(store, settings.offlineAfter().toMillis());
        agentTokens = settings.agentTokens();
        adminTokens = settings.adminTokens();
        http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 256);
        pool = new ThreadPoolExecutor(8, 8, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(4096), r -> {
            Thread t = new Thread(r, "configserver-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(pool);
        http.createContext("/Agent/", this::agent);
        http.createContext("/api/", this::admin);
        http.createContext("/", this::console);
        http.start();
        LOG.infof("config server listening on %s:%d (store %s)", settings.host(), port(), redactUrl(settings.jdbcUrl()));
    }

    public static ConfigServer start(ConfigServerSettings settings) throws IOException {
        return new ConfigServer(settings);
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Requests answered since start (the benchmark's rate). */
    public long requests() {
        return requests.get();
    }

    public FleetStore store() {
        return store;
    }

    private void agent(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            if (!authorized(exchange, agentTokens)) {
                reply(exchange, 401, "text/plain", "an agent token is required (Authorization: Bearer <token>)".getBytes());
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 405, "text/plain", "POST only".getBytes());
                return;
            }
            byte[] body = readBody(exchange);
            String path = exchange.getRequestURI().getPath();
            Message answer;
            try {
                answer = switch (path) {
                    case "/Agent/Heartbeat" -> protocol.heartbeat(HeartbeatRequest.parseFrom(body));
                    case "/Agent/FetchPipelineConfig", "/Agent/FetchConfig" -> protocol.fetchConfig(FetchConfigRequest.parseFrom(body));
                    case "/Agent/ReportStatus" -> protocol.reportStatus(ReportStatusRequest.parseFrom(body));
                    default -> null;
                };
            } catch (InvalidProtocolBufferException e) {
                reply(exchange, 400, "text/plain", ("not a protobuf message of " + path + ": " + e.getMessage()).getBytes());
                return;
            } catch (Exception e) {
                LOG.warnf(e, "config server: %s failed", path);
                answer = fault(path, e);
            }
            if (answer == null) {
                reply(exchange, 404, "text/plain", ("no protocol endpoint " + path).getBytes());
                return;
            }
            reply(exchange, 200, "application/x-protobuf", answer.toByteArray());
        }
    }

    private static Message fault(String path, Exception e) {
        CommonResponse common = CommonResponse.newBuilder().setStatus(500)
                .setErrorMessage(ByteString.copyFromUtf8("config server fault: " + e.getClass().getSimpleName())).build();
        return switch (path) {
            case "/Agent/Heartbeat" -> HeartbeatResponse.newBuilder().setCommonResponse(common).build();
            case "/Agent/ReportStatus" -> ReportStatusResponse.newBuilder().setCommonResponse(common).build();
            default -> FetchConfigResponse.newBuilder().setCommonResponse(common).build();
        };
    }

    private void admin(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            if (!authorized(exchange, adminTokens)) {
                reply(exchange, 401, "application/json", "{\"error\":\"an admin token is required (Authorization: Bearer <token>)\"}".getBytes());
                return;
            }
            String body = new String(readBody(exchange), StandardCharsets.UTF_8);
            AdminApi.Answer answer;
            try {
                answer = api.handle(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body);
            } catch (Exception e) {
                LOG.warnf(e, "config server: %s %s failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath());
                answer = AdminApi.Answer.error(500, "config server fault: " + e.getClass().getSimpleName());
            }
            reply(exchange, answer.status(), "application/json", AdminApi.JSON.writeValueAsBytes(answer.body()));
        }
    }

    /** The web console's files; {@code /} and {@code /console} lead to it. */
    private void console(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/") || path.equals("/console")) {
                exchange.getResponseHeaders().set("Location", ConsoleFiles.PREFIX);
                reply(exchange, 302, "text/plain", new byte[0]);
                return;
            }
            Optional<ConsoleFiles.File> file = path.startsWith(ConsoleFiles.PREFIX) ? ConsoleFiles.find(path) : Optional.empty();
            if (file.isEmpty()) {
                reply(exchange, 404, "text/plain", "the console is under /console/, the REST API under /api/v1 (docs/fleet.md)".getBytes());
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                reply(exchange, 405, "text/plain", "GET only".getBytes());
                return;
            }
            // the page only talks to this server, runs only its own script, and is never framed
            exchange.getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            reply(exchange, 200, file.get().type(), file.get().body());
        }
    }

    private static boolean authorized(HttpExchange exchange, Set<String> tokens) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (String token : tokens) {
            // constant time per token: a timing difference must not tell how much of a token was right
            ok |= MessageDigest.isEqual(presented, token.getBytes(StandardCharsets.UTF_8));
        }
        return ok;
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new IOException("request body over " + MAX_BODY + " bytes");
            }
            return body;
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
        store.close();
    }
}
