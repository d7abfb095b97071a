package io.logcamel.karavan;

import com.sun.net.httpserver.HttpServer;
import io.logcamel.input.LinesToBatch;
import io.logcamel.testing.LocalLogstoreFixture;
import io.logcamel.testing.PrivateMariaDb;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each example of {@code routes/examples/} runs three times against the real local Logstore with
 * the same input: as written with our components, as its kamelet twin
 * ({@code routes/examples/kamelets/}, kamelets from {@code routes/kamelets/}), and as the twin
 * and kamelets come back from a save in Camel Karavan (karavan-core, Apache Camel's catalog only).
 * Every numbered input arrives exactly once in each run (a per-number oracle), and the three runs
 * store the same logs, field for field, apart from what differs by nature (the run's own marker,
 * read times, pack ids, file paths). The Kafka examples need a broker and are run by
 * {@code KafkaSinkIT} as written; their twins differ only by the tail source and Logstore sink
 * kamelets, which run here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KameletTwinsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern NUMBER = Pattern.compile("n=(\\d+)");
    /** Fields that differ between two runs of the same input by nature, not by the route. */
    private static final List<String> VOLATILE = List.of("__tag__:__pack_id__", "__tag__:__path__", "__source__",
            "__time_ns_part__", "latency_ms", "client_ip", "binlog_file", "binlog_pos", "gtid", "id", "after.id", "server_id");

    /** The three forms of an example. */
    enum Variant { COMPONENTS, TWIN, KARAVAN }

    @TempDir
    static Path work;

    private LocalLogstoreFixture logstore;
    private PrivateMariaDb db;
    private final HttpClient http = HttpClient.newHttpClient();
    private Path karavan;

    @BeforeAll
    void start() throws Exception {
        logstore = new LocalLogstoreFixture(work.resolve("logstore"));
        karavan = work.resolve("karavan");
        List<Path> files = new ArrayList<>(RouteFiles.kameletFiles());
        files.addAll(RouteFiles.twinFiles());
        KaravanCore.roundTrip(files, KaravanCore.Catalog.APACHE, karavan);
    }

    @AfterAll
    void stop() throws Exception {
        logstore.close();
        if (db != null) {
            db.close();
        }
    }

    /** Tail to the Logstore through an outage: the batches go to the spool and are replayed, each line once. */
    @Test
    void spoolDeadLetter() throws Exception {
        compare("spool-dead-letter.camel.yaml", "app-logs", 40, run -> {
            Path dir = Files.createDirectories(run.dir.resolve("app"));
            run.settings.put("logcamel.example.app-log-dir", dir.toString());
            return () -> {
                logstore.server().faults().setOutage(true);
                try {
                    Files.writeString(dir.resolve("app.log"), numbered(40, i -> "line n=" + i + " " + run.marker));
                    Path spool = run.dir.resolve("spool").resolve("app");
                    await().atMost(WAIT).until(() -> bytesIn(spool) > 0);
                } finally {
                    logstore.server().faults().clear();
                }
            };
        });
    }

    /** Syslog over UDP and TCP through the batch queues. */
    @Test
    void syslog() throws Exception {
        compare("syslog.camel.yaml", "syslog", 40, run -> {
            int udp = LocalLogstoreFixture.freeUdpPort();
            int tcp = LocalLogstoreFixture.freeTcpPort();
            run.settings.putAll(Map.of("logcamel.syslog.host", "127.0.0.1", "logcamel.syslog.udp-port", Integer.toString(udp),
                    "logcamel.syslog.tcp-port", Integer.toString(tcp), "logcamel.syslog.zone", "UTC"));
            return () -> {
                try (DatagramSocket socket = new DatagramSocket()) {
                    for (int i = 1; i <= 20; i++) {
                        byte[] bytes = syslogLine(i, run.marker).getBytes(StandardCharsets.UTF_8);
                        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), udp));
                    }
                }
                try (Socket socket = new Socket("127.0.0.1", tcp); OutputStream out = socket.getOutputStream()) {
                    for (int i = 21; i <= 40; i++) {
                        out.write((syslogLine(i, run.marker) + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
            };
        });
    }

    /** HTTP push: text lines POSTed, answered once delivered. */
    @Test
    void httpPush() throws Exception {
        compare("http-push.camel.yaml", "pushed", 30, run -> {
            run.settings.putAll(Map.of("logcamel.http-push.stream", "pushed", "logcamel.http-push.token", "twin-token"));
            return () -> {
                for (int request = 0; request < 3; request++) {
                    int first = request * 10 + 1;
                    HttpResponse<String> answer = post(run, "/logs/pushed", numbered(10, i -> "pushed n=" + (first + i - 1) + " " + run.marker),
                            "Authorization", "Bearer twin-token");
                    assertEquals(200, answer.statusCode(), answer.body());
                    assertEquals("accepted 10", answer.body());
                }
                assertEquals(401, post(run, "/logs/pushed", "no token " + run.marker).statusCode());
            };
        });
    }

    /** The processing examples (parse, time, filter, fields), fed over HTTP as they are written. */
    @Test
    void processingSteps() throws Exception {
        ZonedClock now = new ZonedClock(Instant.now().minusSeconds(30));
        Map<String, Function<String, String>> inputs = new TreeMap<>(Map.of(
                "java-app.camel.yaml", marker -> numbered(12, i -> now.format("yyyy-MM-dd HH:mm:ss.SSS", "Asia/Shanghai")
                        + (i % 4 == 0 ? " DEBUG" : " INFO ") + " [main] com.shop.Orders - order n=" + i + " password=hunter" + i
                        + " " + marker),
                "nginx-access.camel.yaml", marker -> numbered(12, i -> "10.0.0." + i + " - - [" + now.format("dd/MMM/yyyy:HH:mm:ss Z", "UTC")
                        + "] \"GET " + (i % 4 == 0 ? "/healthz" : "/cart?token=t" + i + "&id=" + i)
                        + " HTTP/1.1\" 200 12 \"-\" \"curl/8 n=" + i + " " + marker + "\" 0.002"),
                "csv-payments.camel.yaml", marker -> numbered(12, i -> now.epochMillis() + ",shop,41111111111" + (10000 + i)
                        + "," + i + ".50,EUR,\"n=" + i + " " + marker + "\""),
                "json-events.camel.yaml", marker -> numbered(12, i -> "{\"ts\":\"" + now.format("yyyy-MM-dd'T'HH:mm:ssXXX", "UTC")
                        + "\",\"msg\":\"n=" + i + " " + marker + "\",\"http\":{\"status\":" + (i % 3 == 0 ? 200 : 503)
                        + "},\"trace\":{\"flags\":1},\"span_kind\":\"server\"}"),
                "apache-access.camel.yaml", marker -> numbered(12, i -> "10.1.0." + i + " - - [" + now.format("dd/MMM/yyyy:HH:mm:ss Z", "UTC")
                        + "] \"GET /a?n=" + i + "&m=" + marker + " HTTP/1.1\" 200 5 \"-\" \"curl/8\"")));
        Map<String, String> paths = Map.of("java-app.camel.yaml", "/ingest/orders-service", "nginx-access.camel.yaml", "/ingest/nginx",
                "csv-payments.camel.yaml", "/ingest/payments", "json-events.camel.yaml", "/ingest/events",
                "apache-access.camel.yaml", "/ingest/apache");
        Map<String, String> logstores = Map.of("java-app.camel.yaml", "app-logs", "nginx-access.camel.yaml", "nginx-access",
                "csv-payments.camel.yaml", "payments", "json-events.camel.yaml", "events", "apache-access.camel.yaml", "apache-access");
        // what the steps let through: DEBUG and health checks dropped, 2xx JSON events filtered out
        Map<String, Integer> expected = Map.of("java-app.camel.yaml", 9, "nginx-access.camel.yaml", 9,
                "csv-payments.camel.yaml", 12, "json-events.camel.yaml", 8, "apache-access.camel.yaml", 12);
        for (String example : inputs.keySet()) {
            compare(example, logstores.get(example), expected.get(example), run -> () -> {
                HttpResponse<String> answer = post(run, paths.get(example), inputs.get(example).apply(run.marker));
                assertTrue(answer.statusCode() == 200 || answer.statusCode() == 204, example + ": " + answer.statusCode() + " " + answer.body());
            });
        }
    }

    /** MySQL incremental query: every row once, checkpoint after delivery. */
    @Test
    void mysqlQuery() throws Exception {
        compare("mysql-query.camel.yaml", "mysql-query", 25, run -> {
            String table = "query_" + run.variant.name().toLowerCase(Locale.ROOT);
            db().execute("CREATE TABLE " + table + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer VARCHAR(40), note VARCHAR(40))");
            run.settings.putAll(Map.of("logcamel.mysql-query.jdbc-url", db().jdbcUrl(), "logcamel.mysql-query.user", PrivateMariaDb.USER,
                    "logcamel.mysql-query.password", PrivateMariaDb.PASSWORD, "logcamel.mysql-query.page-size", "10",
                    "logcamel.mysql-query.interval", "200", "logcamel.mysql-query.name", table,
                    "logcamel.mysql-query.query", "SELECT id, customer, note FROM " + table + " WHERE id > :last ORDER BY id LIMIT :limit"));
            return () -> db().execute("INSERT INTO " + table + " (customer, note) VALUES " + IntStream.rangeClosed(1, 25)
                    .mapToObj(i -> "('" + run.marker + "', 'n=" + i + "')").collect(Collectors.joining(",")));
        });
    }

    /** MySQL binlog: change events through the batch queue; the offset moves after delivery. */
    @Test
    void mysqlBinlog() throws Exception {
        compare("mysql-binlog.camel.yaml", "binlog-twins", 20, run -> {
            // one table: each run starts at the binlog's current position, so it sees only its own rows
            String table = "binlog_twins";
            db().execute("CREATE TABLE IF NOT EXISTS " + table + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer VARCHAR(40), note VARCHAR(40))");
            run.settings.putAll(Map.of("logcamel.binlog.host", "127.0.0.1", "logcamel.binlog.port", Integer.toString(db().port()),
                    "logcamel.binlog.user", PrivateMariaDb.USER, "logcamel.binlog.password", PrivateMariaDb.PASSWORD,
                    "logcamel.binlog.tables", "shop\\." + table, "logcamel.binlog.name", "twins-" + run.variant.name().toLowerCase(Locale.ROOT),
                    "logcamel.binlog.logstore", "binlog-twins"));
            return () -> {
                HealthCheck check = HealthCheckRegistry.get(run.context).getCheck("binlog-twins-" + run.variant.name().toLowerCase(Locale.ROOT)).orElseThrow();
                // UP, and past "starting": the engine streams from the current position
                await().atMost(WAIT).until(() -> {
                    HealthCheck.Result result = check.call();
                    return result.getState() == HealthCheck.State.UP && !"starting".equals(result.getDetails().get("state"));
                });
                db().execute("INSERT INTO " + table + " (customer, note) VALUES " + IntStream.rangeClosed(1, 20)
                        .mapToObj(i -> "('" + run.marker + "', 'n=" + i + "')").collect(Collectors.joining(",")));
            };
        });
    }

    /** HTTP poll: one log per URL and round. */
    @Test
    void httpPoll() throws Exception {
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.start();
        try {
            java.util.concurrent.atomic.AtomicReference<Run> current = new java.util.concurrent.atomic.AtomicReference<>();
            target.createContext("/status", exchange -> {
                Run run = current.get();
                byte[] body = ("ok " + run.marker + " n=" + run.polls.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            compare("http-poll.camel.yaml", "http-poll", 3, run -> {
                current.set(run);
                run.settings.putAll(Map.of("logcamel.http-poll.urls", "http://127.0.0.1:" + target.getAddress().getPort() + "/status",
                        "logcamel.http-poll.interval", "300"));
                run.maxNumber = 3; // polls go on while the test waits: the first three are compared
                return () -> { };
            });
        } finally {
            target.stop(0);
        }
    }

    /** One-shot import of a whole file with Camel File, through parse, time and the Logstore sink. */
    @Test
    void fileImport() throws Exception {
        // history: an hour old (the import keeps any age; the reader looks at the last day); one time
        // for the three runs, which may lie on both sides of a minute's turn
        String hourAgo = new ZonedClock(Instant.now().minusSeconds(3600)).format("yyyy-MM-dd HH:mm", ZoneId.systemDefault().getId());
        compare("file-import.camel.yaml", "imported", 30, run -> {
            Path dir = Files.createDirectories(run.dir.resolve("archive"));
            Path file = dir.resolve("app.log.1");
            Files.writeString(file, numbered(30, i -> hourAgo + ":" + String.format("%02d", i) + ".250 INFO [old] n=" + i + " " + run.marker));
            // older than the consumer's readLockMinAge: a finished file
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
            run.settings.putAll(Map.of("logcamel.import.dir", dir.toString(), "logcamel.import.delay", "200",
                    "logcamel.import.name", "twins-" + run.variant));
            return () -> { };
        });
    }

    // ---- the harness ------------------------------------------------------------------------------

    /** One run of one variant of an example. */
    private static final class Run {
        final Variant variant;
        final Path dir;
        final String marker;
        final Map<String, String> settings = new HashMap<>();
        final java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
        CamelContext context;
        int httpPort;
        Integer maxNumber;

        Run(Variant variant, Path dir, String marker) {
            this.variant = variant;
            this.dir = dir;
            this.marker = marker;
        }
    }

    interface Setup {
        /** Sets the run's settings; returns what feeds the input once the routes run. */
        Feed prepare(Run run) throws Exception;
    }

    interface Feed {
        void feed() throws Exception;
    }

    private void compare(String example, String logstoreName, int count, Setup setup) throws Exception {
        Map<Variant, List<Map<String, String>>> results = new TreeMap<>();
        for (Variant variant : Variant.values()) {
            String marker = "m" + Long.toHexString(System.nanoTime());
            Run run = new Run(variant, Files.createDirectories(work.resolve(example + "-" + variant)), marker);
            Feed feed = setup.prepare(run);
            startRoutes(run, example);
            try {
                feed.feed();
                List<Map<String, String>> logs = logstore.reader().awaitLogs(logstoreName, marker, WAIT,
                        found -> numbers(found, run.maxNumber).size() >= count);
                List<Integer> numbers = numbers(logs, run.maxNumber);
                assertEquals(count, numbers.size(), variant + " " + example + ": each number once, got " + numbers);
                assertEquals(count, numbers.stream().distinct().count(), variant + " " + example + ": duplicates in " + numbers);
                results.put(variant, canonical(logs, marker, run.maxNumber));
            } finally {
                run.context.stop();
            }
        }
        assertEquals(results.get(Variant.COMPONENTS), results.get(Variant.TWIN), example + ": the kamelet twin stores other logs");
        assertEquals(results.get(Variant.TWIN), results.get(Variant.KARAVAN), example + ": the twin saved by Karavan stores other logs");
    }

    private void startRoutes(Run run, String example) throws Exception {
        Path file = switch (run.variant) {
            case COMPONENTS -> Path.of("routes", "examples", example);
            case TWIN -> RouteFiles.TWINS.resolve(example);
            case KARAVAN -> karavan.resolve(RouteFiles.TWINS.resolve(example).toString());
        };
        Path kamelets = run.variant == Variant.KARAVAN ? karavan.resolve(RouteFiles.KAMELETS.toString()) : RouteFiles.KAMELETS;
        CamelContext context = new DefaultCamelContext();
        run.context = context;
        context.getComponent("kamelet", KameletComponent.class).setLocation("file:" + kamelets.toAbsolutePath());
        run.httpPort = LocalLogstoreFixture.freeTcpPort();
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindHost("127.0.0.1");
        server.setBindPort(run.httpPort);
        context.addService(new VertxPlatformHttpServer(server));
        context.getRegistry().bind("linesToBatch", new LinesToBatch());
        logstore.configure(context);
        run.settings.putIfAbsent("logcamel.checkpoint.dir", run.dir.resolve("checkpoints").toString());
        run.settings.put("logcamel.spool.dir", run.dir.resolve("spool").toString());
        run.settings.forEach(context.getPropertiesComponent()::addInitialProperty);
        LocalLogstoreFixture.loadYamlFile(context, file.toString());
        context.start();
    }

    private static List<Integer> numbers(List<Map<String, String>> logs, Integer max) {
        List<Integer> numbers = new ArrayList<>();
        for (Map<String, String> log : logs) {
            Matcher matcher = NUMBER.matcher(log.toString());
            if (matcher.find()) {
                int number = Integer.parseInt(matcher.group(1));
                if (max == null || number <= max) {
                    numbers.add(number);
                }
            }
        }
        return numbers.stream().sorted().toList();
    }

    /** The logs without what differs by nature, the marker replaced, sorted by number. */
    private static List<Map<String, String>> canonical(List<Map<String, String>> logs, String marker, Integer max) {
        List<Map<String, String>> result = new ArrayList<>();
        for (Map<String, String> log : logs) {
            Matcher matcher = NUMBER.matcher(log.toString());
            if (!matcher.find() || (max != null && Integer.parseInt(matcher.group(1)) > max)) {
                continue;
            }
            Map<String, String> copy = new TreeMap<>();
            log.forEach((key, value) -> {
                if (!VOLATILE.contains(key) && !(key.equals("__time__") && !log.containsKey("__time_ns_part__"))) {
                    copy.put(key, value.replace(marker, "MARKER"));
                }
            });
            if (!hasLogTime(log)) {
                copy.remove("__time__");
            }
            result.add(copy);
        }
        result.sort((a, b) -> Integer.compare(number(a), number(b)));
        return result;
    }

    /** True when the log's time came from the data, not from when it was read. */
    private static boolean hasLogTime(Map<String, String> log) {
        return log.containsKey("time") || log.containsKey("time_local") || log.containsKey("ts") || log.containsKey("timestamp")
                || log.containsKey("change_time");
    }

    private static int number(Map<String, String> log) {
        Matcher matcher = NUMBER.matcher(log.toString());
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    private HttpResponse<String> post(Run run, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + run.httpPort + path))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private PrivateMariaDb db() throws Exception {
        if (db == null) {
            db = PrivateMariaDb.start(Files.createDirectories(work.resolve("mariadb")));
        }
        return db;
    }

    private static String numbered(int count, java.util.function.IntFunction<String> line) {
        return IntStream.rangeClosed(1, count).mapToObj(line).collect(Collectors.joining("\n", "", "\n"));
    }

    /** RFC 5424, stamped a minute ago: the log time is the message's. */
    private static String syslogLine(int number, String marker) {
        return "<134>1 " + SYSLOG_TIME + " web-1 shop 42 ID7 - order n=" + number + " " + marker;
    }

    private static final String SYSLOG_TIME = DateTimeFormatter.ISO_INSTANT.format(Instant.now().minusSeconds(60)
            .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

    private static long bytesIn(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".seg")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** One instant, written in the formats of the examples' inputs. */
    private record ZonedClock(Instant instant) {
        String format(String pattern, String zone) {
            return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).withZone(ZoneId.of(zone)).format(instant);
        }

        long epochMillis() {
            return instant.toEpochMilli();
        }
    }
}
