package io.logcamel.localstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logcamel.event.LogBatch;
import io.logcamel.logstore.sign.Credentials;
import io.logcamel.logstore.sign.Digests;
import io.logcamel.logstore.sign.RequestSigner;
import io.logcamel.logstore.sign.SignatureVersion;
import io.logcamel.logstore.wire.CompressType;
import io.logcamel.logstore.wire.LogGroupEncoder;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Log Service client for tests built from LogCamel's own signer and codec, over the JDK
 * HttpClient. Requests are built first and signed when sent, so a test can tamper with them.
 */
final class SignedClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final RequestSigner signer;

    SignedClient(int port, String accessKeyId, String secret, SignatureVersion version) {
        this.port = port;
        this.signer = new RequestSigner(new Credentials(accessKeyId, secret), version, "cn-test");
    }

    SignedClient(int port, String accessKeyId, String secret) {
        this(port, accessKeyId, secret, SignatureVersion.V1);
    }

    /** A request with mutable headers and body, signed only when sent. */
    static final class Request {
        final String method;
        final String path;
        final Map<String, String> query;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byte[] body;

        Request(String method, String path, Map<String, String> query, byte[] body) {
            this.method = method;
            this.path = path;
            this.query = query;
            this.body = body;
        }
    }

    Request putLogsRequest(String logstore, LogBatch batch, CompressType compression) {
        List<String> tags = new ArrayList<>();
        batch.tags().forEach((k, v) -> {
            tags.add(k);
            tags.add(v);
        });
        byte[] raw = new LogGroupEncoder().encode(batch.events(), 0, batch.size(), batch.topic(), batch.source(), tags);
        byte[] body = compression.compress(raw);
        Request request = new Request("POST", "/logstores/" + logstore + "/shards/lb", Map.of(), body);
        request.headers.put("Content-Type", "application/x-protobuf");
        request.headers.put("Content-MD5", Digests.md5UpperHex(body));
        request.headers.put("x-log-apiversion", "0.6.0");
        request.headers.put("x-log-bodyrawsize", Integer.toString(raw.length));
        if (compression.headerValue() != null) {
            request.headers.put("x-log-compresstype", compression.headerValue());
        }
        return request;
    }

    HttpResponse<String> putLogs(String logstore, LogBatch batch, CompressType compression) throws IOException, InterruptedException {
        return send(putLogsRequest(logstore, batch, compression), Instant.now());
    }

    HttpResponse<String> putLogs(String logstore, LogBatch batch) throws IOException, InterruptedException {
        return putLogs(logstore, batch, CompressType.LZ4);
    }

    Request getLogsRequest(String logstore, Map<String, String> params) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("type", "log");
        query.put("from", "0");
        query.put("to", Long.toString(Instant.now().getEpochSecond() + 3600));
        query.putAll(params);
        Request request = new Request("GET", "/logstores/" + logstore, query, new byte[0]);
        request.headers.put("x-log-apiversion", "0.6.0");
        return request;
    }

    HttpResponse<String> getLogs(String logstore, Map<String, String> params) throws IOException, InterruptedException {
        return send(getLogsRequest(logstore, params), Instant.now());
    }

    /** GetLogs that must succeed: the JSON array of logs. */
    JsonNode logs(String logstore, Map<String, String> params) throws IOException, InterruptedException {
        HttpResponse<String> response = getLogs(logstore, params);
        if (response.statusCode() != 200) {
            throw new AssertionError("GetLogs answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    HttpResponse<String> send(Request request, Instant signingTime) throws IOException, InterruptedException {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.headers);
        headers.put("Host", "127.0.0.1:" + port);
        signer.sign(request.method, request.path, request.query, headers, request.body, signingTime);
        headers.remove("Host");
        return sendAsIs(request.method, request.path, request.query, headers, request.body);
    }

    /** Sends without signing: the headers go out exactly as given. */
    HttpResponse<String> sendAsIs(String method, String path, Map<String, String> query, Map<String, String> headers,
                                  byte[] body) throws IOException, InterruptedException {
        StringBuilder uri = new StringBuilder("http://127.0.0.1:").append(port).append(path);
        String separator = "?";
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            uri.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = "&";
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri.toString()))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String errorCode(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).path("errorCode").asText();
    }
}
