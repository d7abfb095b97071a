package io.logcamel.input.syslog;

import io.logcamel.testing.LocalLogstoreFixture;
import io.logcamel.testing.LogstoreReader;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The syslog example route ({@code routes/examples/syslog.camel.yaml}) end to end: the real
 * {@code logger} program sends over UDP and TCP, the listeners parse and batch, the real local
 * Logstore stores, and every field is read back with GetLogs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyslogInputTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String HOST = hostName();

    @TempDir
    static Path dataDir;

    private LocalLogstoreFixture logstore;
    private CamelContext context;
    private int udpPort;
    private int tcpPort;

    @BeforeAll
    void start() throws Exception {
        logstore = new LocalLogstoreFixture(dataDir);
        SyslogExample example = SyslogExample.start(logstore, Map.of("logcamel.syslog.zone", "UTC",
                "logcamel.syslog.batch-interval", "100"));
        context = example.context();
        udpPort = example.udpPort();
        tcpPort = example.tcpPort();
    }

    @AfterAll
    void stop() throws Exception {
        context.stop();
        logstore.close();
    }

    @Test
    void rfc5424OverUdpKeepsEveryField() throws Exception {
        String app = unique("u5424");
        logger("-d", "--rfc5424", "-t", app, "--id=4242", "--msgid", "MSG7", "--sd-id", "test@32473",
                "--sd-param", "k=\"v 1\"", "-p", "local3.warning", "hello over udp");

        Map<String, String> log = one(app);
        assertEquals("rfc5424", log.get("protocol"));
        assertEquals("156", log.get("priority"));
        assertEquals("local3", log.get("facility"));
        assertEquals("warning", log.get("severity"));
        assertEquals(HOST, log.get("hostname"));
        assertEquals("4242", log.get("proc_id"));
        assertEquals("MSG7", log.get("msg_id"));
        assertTrue(log.get("structured_data").endsWith("[test@32473 k=\"v 1\"]"), log.get("structured_data"));
        assertEquals("v 1", log.get("sd.test@32473.k"));
        assertEquals("1", log.get("sd.timeQuality.tzKnown"));
        assertEquals("hello over udp", log.get("message"));
        assertEquals("127.0.0.1", log.get("client_ip"));
        assertEquals("syslog", log.get("__topic__"));
        assertTimeIs(OffsetDateTime.parse(log.get("timestamp")).toInstant(), log);
        assertFalse(log.containsKey("parse_error"));
    }

    @Test
    void rfc3164OverUdpKeepsEveryField() throws Exception {
        String app = unique("u3164");
        Instant before = Instant.now().minusSeconds(2);
        logger("-d", "--rfc3164", "-t", app, "--id=777", "-p", "mail.err", "disk is on fire: 99%");

        Map<String, String> log = one(app);
        assertEquals("rfc3164", log.get("protocol"));
        assertEquals("19", log.get("priority"));
        assertEquals("mail", log.get("facility"));
        assertEquals("err", log.get("severity"));
        assertEquals(HOST, log.get("hostname"));
        assertEquals("777", log.get("proc_id"));
        assertEquals("disk is on fire: 99%", log.get("message"));
        assertEquals(15, log.get("timestamp").length(), log.get("timestamp"));
        long time = Long.parseLong(log.get("__time__"));
        assertTrue(time >= before.getEpochSecond() && time <= Instant.now().getEpochSecond() + 2, "time from the timestamp");
        assertFalse(log.containsKey("msg_id"));
        assertFalse(log.containsKey("structured_data"));
    }

    @Test
    void tcpNewlineFramingFromLogger() throws Exception {
        String app = unique("tnl");
        logger("-T", "--rfc3164", "-t", app, "-p", "user.notice", "first over tcp");
        logger("-T", "--rfc5424", "-t", app, "--msgid", "M2", "-p", "user.debug", "second over tcp");

        List<Map<String, String>> logs = logstore.reader().awaitLogs("syslog", "app_name: " + app, WAIT, l -> l.size() == 2);
        Map<String, String> first = byMessage(logs, "first over tcp");
        assertEquals("rfc3164", first.get("protocol"));
        assertEquals("notice", first.get("severity"));
        assertEquals(HOST, first.get("hostname"));
        Map<String, String> second = byMessage(logs, "second over tcp");
        assertEquals("rfc5424", second.get("protocol"));
        assertEquals("debug", second.get("severity"));
        assertEquals("M2", second.get("msg_id"));
        assertTimeIs(OffsetDateTime.parse(second.get("timestamp")).toInstant(), second);
    }

    @Test
    void tcpOctetCountingFromLogger() throws Exception {
        String app = unique("toc");
        logger("-T", "--octet-count", "--rfc5424", "-t", app, "-p", "daemon.info", "counted\nwith a newline inside");
        logger("-T", "--octet-count", "--rfc3164", "-t", app, "-p", "daemon.crit", "counted 3164");

        List<Map<String, String>> logs = logstore.reader().awaitLogs("syslog", "app_name: " + app, WAIT, l -> l.size() == 2);
        Map<String, String> first = byMessage(logs, "counted\nwith a newline inside");
        assertEquals("daemon", first.get("facility"));
        assertEquals("info", first.get("severity"));
        assertEquals("rfc5424", first.get("protocol"));
        assertEquals("crit", byMessage(logs, "counted 3164").get("severity"));
    }

    @Test
    void framingIsChosenPerFrameOnOneConnection() throws Exception {
        String app = unique("mix");
        // Near now: the reader only searches the last day.
        Instant sent = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusNanos(123456789);
        String counted = "<14>1 " + sent + " h1 " + app + " 1 - - octet one";
        String lined = "<14>1 " + sent.plusSeconds(1).atOffset(java.time.ZoneOffset.ofHours(8)) + " h1 " + app + " 2 - - line two";
        send(tcpPort, counted.length() + " " + counted + lined + "\r\n" + (counted.length() + 1) + " " + counted + "!");

        List<Map<String, String>> logs = logstore.reader().awaitLogs("syslog", "app_name: " + app, WAIT, l -> l.size() == 3);
        Map<String, String> first = byMessage(logs, "octet one");
        assertTimeIs(sent, first);
        assertTimeIs(sent.plusSeconds(1), byMessage(logs, "line two"));
        assertEquals("h1", first.get("hostname"));
        assertEquals("1", first.get("proc_id"));
        assertEquals("2", byMessage(logs, "line two").get("proc_id"));
        byMessage(logs, "octet one!");
    }

    @Test
    void malformedFramesAreKeptRawCountedAndTheListenerStaysUp() throws Exception {
        SyslogParser parser = context.getRegistry().lookupByNameAndType("syslogParser", SyslogParser.class);
        long malformedBefore = parser.malformed();
        String marker = unique("bad");
        send(tcpPort, "no pri " + marker + "\n<999>out of range " + marker + "\n"
                + "<13>1 2024-13-45T99:00:00Z host app - - - bad time " + marker + "\n"
                + "<13>1 - host app - - [unterminated " + marker + "\n");
        try (DatagramSocket udp = new DatagramSocket()) {
            byte[] garbage = ("\u0001\u0002 binary " + marker).getBytes(StandardCharsets.UTF_8);
            udp.send(new DatagramPacket(garbage, garbage.length, InetAddress.getLoopbackAddress(), udpPort));
        }
        // A frame cut short by the peer's close is kept too.
        send(tcpPort, "200 <13>1 - host app - - - short " + marker);

        List<Map<String, String>> logs = logstore.reader().awaitLogs("syslog", "parse_error: * and " + marker,
                WAIT, l -> l.size() == 6);
        assertEquals("no <PRI> at the start", byContent(logs, "no pri " + marker).get("parse_error"));
        assertEquals("PRI out of range: 999", byContent(logs, "<999>out of range " + marker).get("parse_error"));
        assertTrue(byContent(logs, "<13>1 2024-13-45T99:00:00Z host app - - - bad time " + marker)
                .get("parse_error").startsWith("invalid RFC 5424 timestamp"));
        assertEquals("unterminated RFC 5424 structured data",
                byContent(logs, "<13>1 - host app - - [unterminated " + marker).get("parse_error"));
        assertEquals("incomplete octet-counted frame: 200 bytes announced, " + ("<13>1 - host app - - - short " + marker).length()
                + " received before the connection closed", byContent(logs, "200 <13>1 - host app - - - short " + marker).get("parse_error"));
        assertEquals(6, parser.malformed() - malformedBefore);

        String app = unique("after");
        logger("-T", "--rfc5424", "-t", app, "still listening");
        logger("-d", "--rfc5424", "-t", app, "still listening");
        logstore.reader().awaitLogs("syslog", "app_name: " + app, WAIT, l -> l.size() == 2);
    }

    @Test
    void sixtyFourKilobyteMessagesArriveWhole() throws Exception {
        String app = unique("big");
        String tcpMessage = "T" + "x".repeat(64 * 1024 - 2) + "T";
        String udpMessage = "U" + "y".repeat(64 * 1024 - 600) + "U"; // a datagram holds at most 65507 bytes
        logger("-T", "--octet-count", "--rfc5424", "--size", "70000", "-t", app, tcpMessage);
        logger("-T", "--rfc5424", "--size", "70000", "-t", app, "N" + tcpMessage);
        logger("-d", "--rfc5424", "--size", "70000", "-t", app, udpMessage);

        List<Map<String, String>> logs = logstore.reader().awaitLogs("syslog", "app_name: " + app, WAIT, l -> l.size() == 3);
        byMessage(logs, tcpMessage);
        byMessage(logs, "N" + tcpMessage);
        byMessage(logs, udpMessage);
        assertTrue(logs.stream().noneMatch(log -> log.containsKey("truncated")));
    }

    @Test
    void framesOverTheLimitAreTruncatedAndMarked() throws Exception {
        String app = unique("huge");
        String header = "<13>1 - h " + app + " - - - ";
        String body = "z".repeat(SyslogFraming.DEFAULT_MAX_FRAME_LENGTH + 1000);
        String next = "<13>1 - h " + app + " - - - after the huge one";
        send(tcpPort, header + body + "\n" + next + "\n");

        List<Map<String, String>> logs = logstore.reader().awaitLogs("syslog", "app_name: " + app, WAIT, l -> l.size() == 2);
        Map<String, String> huge = logs.stream().filter(log -> log.containsKey("truncated")).findFirst().orElseThrow();
        assertEquals(SyslogFraming.DEFAULT_MAX_FRAME_LENGTH - header.length(), huge.get("message").length());
        byMessage(logs, "after the huge one");
    }

    // ---- helpers ---------------------------------------------------------------------------

    private void logger(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/logger", "-n", "127.0.0.1"));
        command.add("-P");
        command.add(Integer.toString(List.of(args).contains("-d") ? udpPort : tcpPort));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "logger finished");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "logger failed: " + output);
    }

    private static void send(int port, String data) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(data.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private Map<String, String> one(String app) throws Exception {
        return logstore.reader().awaitLogs("syslog", "app_name: " + app, WAIT, l -> l.size() == 1).get(0);
    }

    private static Map<String, String> byMessage(List<Map<String, String>> logs, String message) {
        return logs.stream().filter(log -> message.equals(log.get("message"))).findFirst()
                .orElseThrow(() -> new AssertionError("no log with message " + abbreviate(message) + " in " + logs.size()));
    }

    private static Map<String, String> byContent(List<Map<String, String>> logs, String content) {
        return logs.stream().filter(log -> content.equals(log.get("content"))).findFirst()
                .orElseThrow(() -> new AssertionError("no raw log " + content + " in " + logs));
    }

    private static void assertTimeIs(Instant expected, Map<String, String> log) {
        assertEquals(expected.getEpochSecond(), Long.parseLong(log.get("__time__")), "seconds");
        assertEquals(expected.getNano(), Integer.parseInt(log.get("__time_ns_part__")), "nanoseconds");
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "...(" + text.length() + ")" : text;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return System.getenv("HOSTNAME");
        }
    }
}
