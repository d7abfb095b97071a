package io.logcamel.fleet.agent;

import com.google.protobuf.InvalidProtocolBufferException;
import io.logcamel.fleet.protocol.FetchConfigRequest;
import io.logcamel.fleet.protocol.FetchConfigResponse;
import io.logcamel.fleet.protocol.HeartbeatRequest;
import io.logcamel.fleet.protocol.HeartbeatResponse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Sends protocol requests to a list of config servers: the one that answered last, then the next
 * ones in turn when it fails (several servers behind one database serve the same agents).
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
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                        .header("Content-Type", "application/x-protobuf").header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    last = new IOException(base + path + " answered HTTP " + response.statusCode()
                            + (response.statusCode() == 401 ? " (logcamel.fleet.token is not an agent token there)" : ""));
                    continue;
                }
                synchronized (this) {
                    current = index;
                }
                return response.body();
            } catch (InvalidProtocolBufferException e) {
                throw e;
            } catch (IOException e) {
                last = new IOException(base + path + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw last;
    }
}
