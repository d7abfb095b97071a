package io.logcamel.bench;

import io.logcamel.input.syslog.SyslogParser;
import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.logstore.LogstoreComponent;
import io.logcamel.logstore.LogstoreConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Syslog messages per second through the example route ({@code routes/examples/syslog.camel.yaml}):
 * a sender in this JVM, the netty listener, parsing, batching, and the local Logstore (DuckDB).
 * For UDP also the loss at the offered rate (messages the kernel or the listener dropped).
 *
 * <p>Arguments: {@code udp|tcp [messages] [rate per second, 0 = as fast as possible]}, defaults
 * {@code udp 200000 0}.
 */
public final class SyslogBench {

    public static void main(String[] args) throws Exception {
        String protocol = args.length > 0 ? args[0] : "udp";
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 0;

        Path dataDir = Files.createTempDirectory("logcamel-syslog-bench");
        LocalLogstoreServer server = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0, dataDir,
                Map.of("bench", "bench-secret"), "demo"));
        int port;
        try (ServerSocket tcp = new ServerSocket(0); DatagramSocket udp = new DatagramSocket(tcp.getLocalPort())) {
            port = tcp.getLocalPort();
        }
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().addInitialProperty("logcamel.syslog.host", "127.0.0.1");
        context.getPropertiesComponent().addInitialProperty("logcamel.syslog.udp-port", Integer.toString(port));
        context.getPropertiesComponent().addInitialProperty("logcamel.syslog.tcp-port", Integer.toString(port));
        context.getPropertiesComponent().addInitialProperty("logcamel.spool.dir", dataDir.resolve("spool").toString());
        LogstoreConfiguration logstore = context.getComponent("logstore", LogstoreComponent.class).getConfiguration();
        logstore.setEndpoint("http://localhost:" + server.port());
        logstore.setAccessKeyId("bench");
        logstore.setAccessKeySecret("bench-secret");
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("syslog.camel.yaml",
                Files.readString(Path.of("routes/examples/syslog.camel.yaml"))));
        context.start();
        SyslogParser parser = context.getRegistry().lookupByNameAndType("syslogParser", SyslogParser.class);

        long start = System.nanoTime();
        if (protocol.equals("tcp")) {
            sendTcp(port, messages, rate);
        } else {
            sendUdp(port, messages, rate);
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        long lastStored = -1;
        long lastChange = System.nanoTime();
        long finished = System.nanoTime();
        while (System.nanoTime() - lastChange < 3_000_000_000L) {
            long stored = server.stats().rowsReceived();
            if (stored != lastStored) {
                lastStored = stored;
                lastChange = System.nanoTime();
                finished = lastChange;
            }
            if (stored >= messages) {
                break;
            }
            Thread.sleep(20);
        }
        double seconds = (finished - start) / 1e9;
        long stored = server.stats().rowsReceived();
        System.out.printf("syslog %s: sent %d in %.2f s (%.0f/s offered), parsed %d, stored %d in %.2f s -> %.0f messages/s end to end, loss %.2f%%%n",
                protocol, messages, sendSeconds, messages / sendSeconds, parser.messages(), stored, seconds,
                stored / seconds, 100.0 * (messages - stored) / messages);
        context.stop();
        server.close();
    }

    private static byte[] message(int i) {
        return ("<134>1 " + Instant.now() + " bench-host app " + (i % 1000) + " ID47 [x@1 seq=\"" + i
                + "\"] GET /index.html 200 1024 bench message number " + i).getBytes(StandardCharsets.UTF_8);
    }

    private static void sendUdp(int port, int messages, int rate) throws Exception {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(new InetSocketAddress("127.0.0.1", port));
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                channel.write(ByteBuffer.wrap(message(i)));
                pace(start, i, rate);
            }
        }
    }

    private static void sendTcp(int port, int messages, int rate) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port);
             OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024)) {
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                byte[] body = message(i);
                out.write((body.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                pace(start, i, rate);
            }
            out.flush();
        }
    }

    private static void pace(long start, int sent, int rate) {
        if (rate <= 0) {
            return;
        }
        long due = start + (long) ((sent + 1) * 1e9 / rate);
        while (System.nanoTime() < due) {
            Thread.onSpinWait();
        }
    }
}
