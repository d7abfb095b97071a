package io.logcamel.logstore;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.logcamel.event.LogBatch;
import io.logcamel.logstore.wire.CompressType;
import io.logcamel.logstore.wire.LogGroupDecoder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Log Service in tests: a real HTTP server on a free port that records every
 * request and answers from a script (errors first, then 200), the way camel-splunk-hec tests
 * its producer. It checks nothing about signatures: the signer tests do that against the SDK.
 */
final class FakeLogService implements AutoCloseable {

    /** One request as received. */
    record Received(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name);
        }

        /** The LogGroup in the body, decompressed as x-log-compresstype says. */
        LogBatch logGroup() {
            int rawSize = Integer.parseInt(header("x-log-bodyrawsize"));
            byte[] raw = CompressType.parse(header("x-log-compresstype")).decompress(body, rawSize);
            return LogGroupDecoder.decode(raw);
        }
    }

    /** A scripted error answer. */
    record Scripted(int status, String errorCode, String errorMessage) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Scripted> script = new ArrayDeque<>();
    private final AtomicInteger requestIds = new AtomicInteger();

    FakeLogService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String endpoint() {
        return "http://localhost:" + port();
    }

    /** The next {@code times} requests are answered with this error. */
    synchronized FakeLogService failNext(int times, int status, String errorCode, String errorMessage) {
        for (int i = 0; i < times; i++) {
            script.add(new Scripted(status, errorCode, errorMessage));
        }
        return this;
    }

    /** The next {@code times} requests are answered with 200, before any error scripted after this call. */
    synchronized FakeLogService succeedNext(int times) {
        for (int i = 0; i < times; i++) {
            script.add(new Scripted(200, null, null));
        }
        return this;
    }

    /** Forgets the answers scripted and not used yet: every request gets 200 again. */
    synchronized FakeLogService clearScript() {
        script.clear();
        return this;
    }

    List<Received> received() {
        return received;
    }

    private synchronized Scripted nextAnswer() {
        return script.poll();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Headers requestHeaders = exchange.getRequestHeaders();
        requestHeaders.forEach((name, values) -> headers.put(name, values.get(0)));
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), headers, body));
        String requestId = "REQ-" + requestIds.incrementAndGet();
        exchange.getResponseHeaders().add("x-log-requestid", requestId);
        Scripted answer = nextAnswer();
        if (answer == null || answer.status() == 200) {
            exchange.sendResponseHeaders(200, -1);
        } else {
            byte[] json = ("{\"errorCode\":\"" + answer.errorCode() + "\",\"errorMessage\":\""
                    + answer.errorMessage() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), json.length);
            exchange.getResponseBody().write(json);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
