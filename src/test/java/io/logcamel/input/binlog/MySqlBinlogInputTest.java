package io.logcamel.input.binlog;

import io.logcamel.spool.SpoolComponent;
import io.logcamel.spool.SpoolStore;
import io.logcamel.testing.LocalLogstoreFixture;
import io.logcamel.testing.PrivateMariaDb;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
 * The binlog example route ({@code routes/examples/mysql-binlog.camel.yaml}) with Debezium's
 * MariaDB connector against a private binlog-enabled MariaDB, shipping to the real local
 * Logstore: change fields, restart without loss or duplicates, and health when the engine dies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MySqlBinlogInputTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dbDir;
    @TempDir
    static Path work;

    private PrivateMariaDb db;
    private LocalLogstoreFixture logstore;
    private CamelContext context;

    @BeforeAll
    void start() throws Exception {
        db = PrivateMariaDb.start(dbDir);
        db.execute("CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer VARCHAR(40) NOT NULL,"
                + " amount DECIMAL(10,2), note VARCHAR(40), created DATETIME(3))");
        logstore = new LocalLogstoreFixture(work.resolve("logstore"));
    }

    @AfterAll
    void stop() throws Exception {
        stopAgent();
        logstore.close();
        db.close();
    }

    @AfterEach
    void stopAgentAfterEachTest() {
        stopAgent();
    }

    private void startAgent(String name) throws Exception {
        startContext(name);
        awaitHealth(name, HealthCheck.State.UP, true);
    }

    /** The binlog example route, named {@code name}, against the private MariaDB and the local Logstore. */
    private void startContext(String name) throws Exception {
        context = new DefaultCamelContext();
        Map.of("logcamel.checkpoint.dir", work.resolve("checkpoints").toString(),
                "logcamel.binlog.host", "127.0.0.1",
                "logcamel.binlog.port", Integer.toString(db.port()),
                "logcamel.binlog.user", PrivateMariaDb.USER,
                "logcamel.binlog.password", PrivateMariaDb.PASSWORD,
                "logcamel.binlog.tables", "shop\\.orders",
                "logcamel.binlog.name", name,
                "logcamel.binlog.logstore", "binlog-" + name)
                .forEach(context.getPropertiesComponent()::addInitialProperty);
        logstore.configure(context);
        LocalLogstoreFixture.loadYamlFile(context, "routes/examples/mysql-binlog.camel.yaml");
        context.start();
    }

    private void stopAgent() {
        if (context != null) {
            context.stop();
            context = null;
        }
    }

    @Test
    @Order(1)
    void insertsUpdatesAndDeletesArriveWithTheirFields() throws Exception {
        startAgent("changes");
        db.execute("INSERT INTO orders (customer, amount, note, created) VALUES ('ann', 12.50, NULL, '2026-01-02 03:04:05.062')");
        String id = lastId();
        db.execute("UPDATE orders SET amount = 13.75, note = 'paid' WHERE customer = 'ann'",
                "DELETE FROM orders WHERE customer = 'ann'");

        List<Map<String, String>> logs = logstore.reader().awaitLogs("binlog-changes", "*", WAIT, l -> l.size() >= 3);
        assertEquals(3, logs.size(), logs.toString());
        Map<String, String> insert = byOp(logs, "insert");
        assertEquals("shop", insert.get("database"));
        assertEquals("orders", insert.get("table"));
        assertEquals(id, insert.get("after.id"));
        assertEquals("ann", insert.get("after.customer"));
        assertEquals("12.50", insert.get("after.amount"));
        assertEquals("2026-01-02 03:04:05.062", insert.get("after.created"));
        assertFalse(insert.containsKey("after.note"), "NULL columns are left out");
        assertFalse(insert.keySet().stream().anyMatch(key -> key.startsWith("before.")));
        assertTrue(insert.get("binlog_file").startsWith("binlog."), insert.get("binlog_file"));
        assertTrue(Long.parseLong(insert.get("binlog_pos")) > 0);
        assertEquals("1", insert.get("server_id"));
        assertEquals("binlog", insert.get("__topic__"));
        long now = System.currentTimeMillis() / 1000;
        assertTrue(Math.abs(Long.parseLong(insert.get("__time__")) - now) < 120, "change time is the log time");

        Map<String, String> update = byOp(logs, "update");
        assertEquals("12.50", update.get("before.amount"));
        assertEquals("13.75", update.get("after.amount"));
        assertEquals("paid", update.get("after.note"));
        assertFalse(update.containsKey("before.note"));

        Map<String, String> delete = byOp(logs, "delete");
        assertEquals("13.75", delete.get("before.amount"));
        assertEquals(id, delete.get("before.id"));
        assertFalse(delete.keySet().stream().anyMatch(key -> key.startsWith("after.")));
    }

    @Test
    @Order(2)
    void restartNeitherLosesNorDuplicatesChanges() throws Exception {
        startAgent("restart");
        db.execute("INSERT INTO orders (customer) VALUES ('r0')");
        logstore.reader().awaitLogs("binlog-restart", "*", WAIT, l -> l.size() == 1);
        stopAgent();

        long firstId = Long.parseLong(lastId()) + 1;
        for (int i = 0; i < 100; i++) {
            db.execute("INSERT INTO orders (customer) VALUES ('while-stopped')"); // 100 transactions
        }
        startAgent("restart");
        logstore.reader().awaitLogs("binlog-restart", "*", WAIT, l -> l.size() >= 101);
        // Let a further flush pass, so a duplicate would have time to show.
        db.execute("INSERT INTO orders (customer) VALUES ('after')");
        logstore.reader().awaitLogs("binlog-restart", "*", WAIT, l -> l.size() >= 102);

        List<Map<String, String>> stopped = logstore.reader().all("binlog-restart", "after.customer: while-stopped");
        assertEquals(100, stopped.size(), "100 of 100, none twice");
        Set<Long> ids = stopped.stream().map(log -> Long.parseLong(log.get("after.id"))).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(IntStream.range(0, 100).mapToObj(i -> firstId + i).collect(Collectors.toCollection(TreeSet::new)), ids);
        assertEquals(102, logstore.reader().all("binlog-restart", "*").size());
    }

    @Test
    @Order(3)
    void anOutageGoesThroughTheSpoolAndLosesNothing() throws Exception {
        startAgent("outage");
        db.execute("INSERT INTO orders (customer, note) VALUES ('before-outage', '-1')");
        logstore.reader().awaitLogs("binlog-outage", "*", WAIT, l -> l.size() == 1);

        logstore.server().faults().setOutage(true);
        int rows = 300;
        for (int i = 0; i < rows; i += 50) { // several transactions, several batches
            int from = i;
            db.execute("INSERT INTO orders (customer, note) VALUES " + IntStream.range(from, from + 50)
                    .mapToObj(n -> "('outage', '" + n + "')").collect(Collectors.joining(",")));
        }
        SpoolStore spool = context.getComponent("spool", SpoolComponent.class)
                .openedStore(logstore.spoolDir().resolve("binlog-outage"));
        await().atMost(WAIT).until(() -> spool != null && spool.statistics().spooledLogs() == rows);
        // Spooled is done: the delivery barrier lets Debezium's offset move past those changes.
        BinlogDeliveryTracker tracker = BinlogDeliveryTracker.forOffsetFile(
                work.resolve("checkpoints").resolve("binlog-outage.offsets").toString());
        await().atMost(WAIT).until(() -> tracker.deliveredUpTo() == tracker.lastAssigned());

        logstore.server().faults().clear();
        logstore.reader().awaitLogs("binlog-outage", "after.customer: outage", WAIT, l -> l.size() >= rows);
        List<Map<String, String>> logs = logstore.reader().all("binlog-outage", "after.customer: outage");
        assertEquals(rows, logs.size(), "none twice");
        Set<Integer> expected = IntStream.range(0, rows).boxed().collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> stored = logs.stream().map(log -> Integer.parseInt(log.get("after.note")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, stored, "every change, by its number");
    }

    @Test
    @Order(4) // last: it resets the server's binlog
    void healthTurnsDownWhenTheEngineDies() throws Exception {
        startAgent("dying");
        db.execute("INSERT INTO orders (customer) VALUES ('d0')");
        logstore.reader().awaitLogs("binlog-dying", "*", WAIT, l -> l.size() == 1);
        stopAgent();
        // The stored binlog position no longer exists on the server: the connector cannot resume.
        // The server forgets its binlogs and GTIDs: the stored position no longer exists, so the
        // connector cannot resume (as after a binlog purge on a server with too short a retention).
        db.executeAsRoot("RESET MASTER;");
        startAgentExpectingDeath("dying");
    }

    private void startAgentExpectingDeath(String name) throws Exception {
        startContext(name);
        assertTrue(context.getRouteController().getRouteStatus("mysql-binlog").isStarted(), "Camel still says Started");
        HealthCheck.Result result = awaitHealth(name, HealthCheck.State.DOWN, false);
        assertTrue(result.getMessage().orElse("").contains("engine stopped"), result.getMessage().toString());
        assertTrue(context.getRouteController().getRouteStatus("mysql-binlog").isStarted(), "while Camel still says Started");
    }

    private HealthCheck.Result awaitHealth(String name, HealthCheck.State expected, boolean afterStart) throws Exception {
        HealthCheck check = HealthCheckRegistry.get(context).getCheck("binlog-" + name).orElseThrow();
        long deadline = System.nanoTime() + WAIT.toNanos();
        HealthCheck.Result result = check.call();
        while (System.nanoTime() < deadline) {
            result = check.call();
            boolean settled = !afterStart || !"starting".equals(result.getDetails().get("state"));
            if (result.getState() == expected && settled) {
                return result;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("health of binlog-" + name + " stayed " + result.getState() + " " + result.getMessage()
                + " " + result.getDetails());
    }

    private String lastId() throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(id), 0) FROM orders")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static Map<String, String> byOp(List<Map<String, String>> logs, String op) {
        return logs.stream().filter(log -> op.equals(log.get("op"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + op + " in " + logs));
    }
}
