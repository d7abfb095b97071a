package io.logcamel.input.syslog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Test senders of numbered syslog messages ({@code <14>1 - host APP - - - N}, N from 0): paced or
 * as fast as the socket takes them, over UDP and raw TCP (octet counting), and util-linux
 * {@code logger} reading a file of numbers. Each counts what it sent.
 */
public final class SyslogSenders {

    private SyslogSenders() {
    }

    public static String message(String app, long n) {
        return "<14>1 - sender " + app + " - - - " + n;
    }

    /** A sender on its own thread; {@link #sent()} grows as messages leave, {@link #lastProgressNanos()} with it. */
    public static final class Sender {
        private final Thread thread;
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        private volatile Exception failure;

        private Sender(String name, Body body) {
            thread = new Thread(() -> {
                try {
                    body.run(this);
                } catch (Exception e) {
                    failure = e;
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        public long sent() {
            return sent.get();
        }

        public long lastProgressNanos() {
            return lastProgress.get();
        }

        void progressed(long messages) {
            sent.addAndGet(messages);
            lastProgress.set(System.nanoTime());
        }

        public boolean isDone() {
            return !thread.isAlive();
        }

        public void join(long timeoutMillis) throws Exception {
            thread.join(timeoutMillis);
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " still sending after " + timeoutMillis + " ms");
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private interface Body {
        void run(Sender sender) throws Exception;
    }

    /** {@code count} datagrams at {@code perSecond}. */
    public static Sender udp(int port, String app, long count, int perSecond) {
        return new Sender("udp-sender-" + app, sender -> {
            try (DatagramSocket socket = new DatagramSocket()) {
                InetAddress loopback = InetAddress.getLoopbackAddress();
                pace(count, perSecond, (from, to) -> {
                    for (long n = from; n < to; n++) {
                        byte[] bytes = message(app, n).getBytes(StandardCharsets.UTF_8);
                        socket.send(new DatagramPacket(bytes, bytes.length, loopback, port));
                    }
                    sender.progressed(to - from);
                });
            }
        });
    }

    /** {@code count} octet-counted frames over one connection, at {@code perSecond} (0: as fast as TCP lets it). */
    public static Sender tcp(int port, String app, long count, int perSecond) {
        return new Sender("tcp-sender-" + app, sender -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
                pace(count, perSecond, (from, to) -> {
                    for (long n = from; n < to; n++) {
                        String message = message(app, n);
                        byte[] bytes = (message.getBytes(StandardCharsets.UTF_8).length + " " + message)
                                .getBytes(StandardCharsets.UTF_8);
                        out.write(bytes);
                    }
                    out.flush();
                    sender.progressed(to - from);
                });
            }
        });
    }

    private interface Slice {
        void send(long from, long to) throws IOException;
    }

    private static void pace(long count, int perSecond, Slice slice) throws IOException {
        long started = System.nanoTime();
        long next = 0;
        while (next < count) {
            long due = perSecond <= 0 ? count
                    : Math.min(count, (System.nanoTime() - started) * perSecond / TimeUnit.SECONDS.toNanos(1) + 1);
            if (due <= next) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500));
                continue;
            }
            long to = Math.min(due, next + 200);
            slice.send(next, to);
            next = to;
        }
    }

    /** util-linux logger sending every line of a file of the numbers {@code 0..count-1} over TCP, octet-counted. */
    static Process logger(int port, String app, Path dir, int count) throws IOException {
        Path file = dir.resolve(app + ".txt");
        StringBuilder lines = new StringBuilder();
        for (int n = 0; n < count; n++) {
            lines.append(n).append('\n');
        }
        Files.writeString(file, lines);
        return new ProcessBuilder(List.of("/usr/bin/logger", "-T", "--octet-count", "--rfc5424", "-n", "127.0.0.1",
                "-P", Integer.toString(port), "-t", app, "-f", file.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve(app + ".out").toFile()).start();
    }

    /**
     * Datagrams the kernel dropped on the UDP socket bound to {@code port} (its receive buffer was
     * full), from the {@code drops} column of /proc/net/udp (or udp6).
     */
    public static long kernelDrops(int port) throws IOException {
        String local = String.format(Locale.ROOT, ":%04X", port);
        // Java binds dual-stack sockets: an IPv4 listener may well show up in udp6.
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length > 12 && columns[1].endsWith(local)) {
                    return Long.parseLong(columns[columns.length - 1]);
                }
            }
        }
        throw new IllegalStateException("no UDP socket bound to port " + port + " in /proc/net/udp or udp6");
    }
}
