package io.logcamel.input.sql;

import io.logcamel.checkpoint.DurableStateRepository;
import io.logcamel.spool.SpoolComponent;
import io.logcamel.spool.SpoolStore;
import io.logcamel.testing.NumberTally;
import io.logcamel.testing.LocalLogstoreFixture;
import io.logcamel.testing.PrivateMariaDb;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MySQL query example route ({@code routes/examples/mysql-query.camel.yaml}) against a private
 * MariaDB, shipping to the real local Logstore: fields, paging, restart without duplicates or
 * gaps, and an outage that goes through the spool without a lost or doubled row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlQueryInputTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dbDir;
    @TempDir
    Path work;

    private PrivateMariaDb db;
    private LocalLogstoreFixture logstore;
    private CamelContext context;

    @BeforeAll
    void startDatabase() throws Exception {
        db = PrivateMariaDb.start(dbDir);
    }

    @AfterAll
    void stopDatabase() {
        db.close();
    }

    @BeforeEach
    void createTable() throws Exception {
        db.execute("DROP TABLE IF EXISTS orders",
                "CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer VARCHAR(40) NOT NULL,"
                        + " amount DECIMAL(10,2), note VARCHAR(40), created DATETIME(3) NOT NULL)");
        logstore = new LocalLogstoreFixture(work.resolve("logstore"));
    }

    @AfterEach
    void stopAgent() throws Exception {
        stop();
        logstore.close();
    }

    private void startAgent() throws Exception {
        context = new DefaultCamelContext();
        Map.of("logcamel.checkpoint.dir", work.resolve("checkpoints").toString(),
                "logcamel.mysql-query.jdbc-url", db.jdbcUrl(),
                "logcamel.mysql-query.user", PrivateMariaDb.USER,
                "logcamel.mysql-query.password", PrivateMariaDb.PASSWORD,
                "logcamel.mysql-query.query", "SELECT id, customer, amount, note, created FROM orders WHERE id > :last ORDER BY id LIMIT :limit",
                "logcamel.mysql-query.page-size", "30",
                "logcamel.mysql-query.interval", "200",
                "logcamel.mysql-query.time-column", "created")
                .forEach(context.getPropertiesComponent()::addInitialProperty);
        logstore.configure(context);
        LocalLogstoreFixture.loadYamlFile(context, "routes/examples/mysql-query.camel.yaml");
        context.start();
    }

    private void stop() {
        if (context != null) {
            context.stop();
            context = null;
        }
    }

    private void insert(int rows, String customer) throws Exception {
        String values = IntStream.range(0, rows)
                .mapToObj(i -> "('" + customer + "', " + (i + 0.25) + ", " + (i % 2 == 0 ? "NULL" : "'n" + i + "'") + ", NOW(3))")
                .collect(Collectors.joining(","));
        db.execute("INSERT INTO orders (customer, amount, note, created) VALUES " + values);
    }

    @Test
    void rowsArriveWithTheirColumnsPageByPage() throws Exception {
        // A fraction with a leading zero: .062 must not become .62.
        db.execute("INSERT INTO orders (customer, amount, note, created) VALUES ('ann', 0.25, NULL,"
                + " DATE_FORMAT(NOW() - INTERVAL 1 MINUTE, '%Y-%m-%d %H:%i:%s.062'))");
        insert(74, "ann"); // three pages of 30, 30, 15
        startAgent();
        List<Map<String, String>> logs = logstore.reader().awaitLogs("mysql-query", "*", WAIT, l -> l.size() >= 75);
        assertEquals(75, logs.size());
        Map<String, String> first = logs.stream().filter(log -> log.get("id").equals("1")).findFirst().orElseThrow();
        assertEquals("ann", first.get("customer"));
        assertEquals("0.25", first.get("amount"));
        assertFalse(first.containsKey("note"), "NULL columns are left out");
        java.time.Instant created = java.time.LocalDateTime.parse(first.get("created").replace(' ', 'T'))
                .atZone(java.time.ZoneId.systemDefault()).toInstant();
        assertEquals(created.getEpochSecond(), Long.parseLong(first.get("__time__")), "time column is the log time");
        assertEquals(created.getNano(), Integer.parseInt(first.get("__time_ns_part__")), first.get("created"));
        assertEquals("mysql-query", first.get("__topic__"));
        Map<String, String> second = logs.stream().filter(log -> log.get("id").equals("3")).findFirst().orElseThrow();
        assertEquals("n1", second.get("note"));
        assertEquals(75, ids(logs).size());
        awaitCheckpoint("75");
    }

    @Test
    void restartNeitherDuplicatesNorSkipsRows() throws Exception {
        insert(10, "before");
        startAgent();
        logstore.reader().awaitLogs("mysql-query", "*", WAIT, l -> l.size() == 10);
        awaitCheckpoint("10");
        stop();

        insert(100, "while-stopped");
        startAgent();
        List<Map<String, String>> logs = logstore.reader().awaitLogs("mysql-query", "*", WAIT, l -> l.size() >= 110);
        awaitCheckpoint("110");
        List<Map<String, String>> all = logstore.reader().all("mysql-query", "*");
        assertEquals(110, all.size(), "none twice");
        assertEquals(expectedIds(1, 110), ids(all), "100 of 100 after the restart");
        assertEquals(100, logstore.reader().all("mysql-query", "customer: while-stopped").size());
        assertTrue(logs.size() >= 110);
    }

    @Test
    void anOutageSendsThePagesToTheSpoolAndLosesNothing() throws Exception {
        insert(5, "first");
        startAgent();
        logstore.reader().awaitLogs("mysql-query", "*", WAIT, l -> l.size() == 5);
        awaitCheckpoint("5");

        logstore.server().faults().setOutage(true);
        int rows = 300;
        db.execute("INSERT INTO orders (customer, note, created) VALUES " + IntStream.range(0, rows)
                .mapToObj(i -> "('outage', '" + i + "', NOW(3))").collect(Collectors.joining(",")));
        SpoolStore spool = context.getComponent("spool", SpoolComponent.class)
                .openedStore(logstore.spoolDir().resolve("mysql-query"));
        await().atMost(WAIT).until(() -> spool.statistics().spooledLogs() == rows);
        // On disk is as good as delivered: the checkpoint moves past the spooled pages.
        awaitCheckpoint(Integer.toString(5 + rows));
        assertEquals(0, logstore.reader().all("mysql-query", "customer: outage").size(), "nothing got through the outage");

        logstore.server().faults().clear();
        logstore.reader().awaitLogs("mysql-query", "customer: outage", WAIT, l -> l.size() >= rows);
        NumberTally tally = NumberTally.read(logstore.reader(), "mysql-query", "customer: outage", "note", rows);
        assertEquals(List.of(), tally.lost(), tally.toString());
        assertEquals(0, tally.duplicates(), tally.toString());
        assertEquals(expectedIds(1, 5 + rows), ids(logstore.reader().all("mysql-query", "*")));
    }

    private String checkpoint() throws Exception {
        DurableStateRepository repository = new DurableStateRepository(work.resolve("checkpoints"), "mysql-query-orders");
        repository.start();
        return repository.getState("id");
    }

    private void awaitCheckpoint(String expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(work.resolve("checkpoints/mysql-query-orders.checkpoint")) && expected.equals(checkpoint())) {
                return;
            }
            Thread.sleep(50);
        }
        assertEquals(expected, checkpoint(), "checkpoint");
    }

    private static Set<Long> ids(List<Map<String, String>> logs) {
        return logs.stream().map(log -> Long.parseLong(log.get("id"))).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Long> expectedIds(long from, long to) {
        return IntStream.rangeClosed((int) from, (int) to).mapToObj(i -> (long) i).collect(Collectors.toCollection(TreeSet::new));
    }
}
