package io.logcamel.logstore;

import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The transport leaves the JDK's TLS stack alone for a plain-HTTP target, and uses it for an https one. */
class LogstoreHttpTransportTest {

    private static final PutLogsRequest REQUEST = new PutLogsRequest("/logstores/s/shards/lb", Map.of(), Map.of(),
            new byte[] {1, 2, 3}, 3, 1);

    @Test
    void plainHttpTargetSendsWithoutTls() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> answerOnce(server));
            answer.start();
            try (LogstoreHttpTransport transport = transport(server, "http")) {
                assertEquals(200, transport.send(REQUEST, Map.of()).status());
            }
            answer.join(10_000);
        }
    }

    @Test
    void httpsTargetStillHandsTheConnectionToTls() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicInteger firstByte = new AtomicInteger(-1);
            Thread answer = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(5_000);
                    firstByte.set(socket.getInputStream().read());
                    socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the client gave up first
                }
            });
            answer.start();
            try (LogstoreHttpTransport transport = transport(server, "https")) {
                IOException failure = assertThrows(IOException.class, () -> transport.send(REQUEST, Map.of()));
                assertFalse(String.valueOf(failure.getMessage()).contains("made for plain HTTP"), failure.toString());
            }
            answer.join(10_000);
            assertEquals(0x16, firstByte.get(), "the connection opened with a TLS handshake record");
        }
    }

    private static LogstoreHttpTransport transport(ServerSocket server, String scheme) {
        return new LogstoreHttpTransport(new HttpHost(scheme, "127.0.0.1", server.getLocalPort()),
                "p.127.0.0.1:" + server.getLocalPort(), 5_000, 5_000);
    }

    /** Reads one request's head and body (Content-Length 3) and answers 200 with no body. */
    private static void answerOnce(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.append((char) b);
            }
            in.readNBytes(3);
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nx-log-requestid: t-1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the https case: the client gives up on the handshake and closes
        }
    }
}
