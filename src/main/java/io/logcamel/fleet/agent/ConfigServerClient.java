package io.logcamel.fleet.agent;

import io.logcamel.fleet.protocol.FetchConfigRequest;
import io.logcamel.fleet.protocol.FetchConfigResponse;
import io.logcamel.fleet.protocol.HeartbeatRequest;
import io.logcamel.fleet.protocol.HeartbeatResponse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * Sends protocol requests to a list of config servers: the one that answered last, then the next
 * ones in turn when it fails (several servers behind one database serve the same agents). A request
 * that fails on a connection the server closed is sent once more to the same server first.
 */
public final class ConfigServerClient {

    private final HttpClient http;
    private final List<String> servers;
    private final String token;
    private final Duration timeout;
    private int current;

    public ConfigServerClient(List<String> servers, String token, Duration timeout) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("logcamel.fleet.servers: at least one config server URL");
        }
        this.servers = List.copyOf(servers);
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public HeartbeatResponse heartbeat(HeartbeatRequest request) throws IOException {
        return HeartbeatResponse.parseFrom(post("/Agent/Heartbeat", request.toByteArray()));
    }

    public FetchConfigResponse fetchConfig(FetchConfigRequest request) throws IOException {
        return FetchConfigResponse.parseFrom(post("/Agent/FetchPipelineConfig", request.toByteArray()));
    }

    /** The server that answered last (for the log and the tests). */
    public synchronized String currentServer() {
        return servers.get(current);
    }

    /** Moves on to the next server: a test (or an operator) can make heartbeats alternate. */
    public synchronized void rotate() {
        current = (current + 1) % servers.size();
    }

    private byte[] post(String path, byte[] body) throws IOException {
        IOException last = null;
        int start;
        synchronized (this) {
            start = current;
        }
        for (int i = 0; i < servers.size(); i++) {
            int index = (start + i) % servers.size();
            String base = servers.get(index).replaceAll("/+$", "");
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                            .header("Content-Type", "application/x-protobuf").header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        last = new IOException(base + path + " answered HTTP " + response.statusCode()
                                + (response.statusCode() == 401 ? " (logcamel.fleet.token is not an agent token there)" : ""));
                        break;
                    }
                    synchronized (this) {
                        current = index;
                    }
                    return response.body();
                } catch (HttpTimeoutException | ConnectException e) {
                    last = new IOException(base + path + ": " + e.getMessage(), e);
                    break; // busy or down: the next server
                } catch (IOException e) {
                    // A kept-alive connection the server closed (the JDK server keeps only 200 idle connections
                    // and closes the others after each answer; load balancers close idle ones) fails the
                    // request before any answer, and the JDK client does not resend a POST: send it once more,
                    // on a new connection. Safe to resend: a heartbeat the server did take has a sequence
                    // number it has seen, so it asks for the full state; a fetch only reads.
                    last = new IOException(base + path + ": " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        throw last;
    }
}
