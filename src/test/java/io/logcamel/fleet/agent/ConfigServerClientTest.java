package io.logcamel.fleet.agent;

import com.google.protobuf.ByteString;
import io.logcamel.fleet.protocol.HeartbeatRequest;
import io.logcamel.fleet.protocol.HeartbeatResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A kept-alive connection the server closes without answering (the JDK server keeps at most 200
 * idle connections and closes the others after each answer; a load balancer closes idle ones):
 * the client sends that request once more on a new connection instead of failing the heartbeat.
 * FleetScaleBench found it: 1,000 agents, 22 failed heartbeats in a run at a 2 s interval.
 */
class ConfigServerClientTest {

    private ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();

    /** Answers the first request of each connection (keep-alive), then closes the connection when the next one comes. */
    private String startServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.incrementAndGet();
                    Thread serve = new Thread(() -> serve(connection));
                    serve.setDaemon(true);
                    serve.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        accept.setDaemon(true);
        accept.start();
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void serve(Socket connection) {
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            for (int onThisConnection = 0; ; onThisConnection++) {
                byte[] body = readRequest(in);
                if (body == null) {
                    return;
                }
                arrived.incrementAndGet();
                if (onThisConnection > 0) {
                    return; // closed unanswered, as an idle connection the server dropped
                }
                HeartbeatRequest request = HeartbeatRequest.parseFrom(body);
                byte[] answer = HeartbeatResponse.newBuilder().setRequestId(request.getRequestId()).build().toByteArray();
                // counted before it is written: once the client has the answer, the test may look
                answered.incrementAndGet();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: " + answer.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** The body of the next request, or null at the end of the connection. */
    private static byte[] readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return in.readNBytes(length);
    }

    @AfterEach
    void stop() throws IOException {
        socket.close();
    }

    private static HeartbeatRequest heartbeat(String id) {
        return HeartbeatRequest.newBuilder().setRequestId(ByteString.copyFromUtf8(id)).setInstanceId(ByteString.copyFromUtf8("a"))
                .build();
    }

    @Test
    void aRequestOnAConnectionTheServerClosedIsSentAgainOnANewOne() throws Exception {
        ConfigServerClient client = new ConfigServerClient(List.of(startServer()), "token", Duration.ofSeconds(5));
        assertEquals("r1", client.heartbeat(heartbeat("r1")).getRequestId().toStringUtf8());
        assertEquals("r2", client.heartbeat(heartbeat("r2")).getRequestId().toStringUtf8(), "not a failed heartbeat");
        assertEquals(3, arrived.get(), "r1, r2 dropped on the first connection, r2 again");
        assertEquals(2, answered.get());
        assertEquals(2, connections.get(), "the second r2 on a new connection");
    }
}
