package io.logcamel.bench;

import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import io.logcamel.logstore.LogstoreComponent;
import io.logcamel.logstore.LogstoreConfiguration;
import io.logcamel.testing.PrivateMariaDb;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

/**
 * Binlog change events per second through the example route
 * ({@code routes/examples/mysql-binlog.camel.yaml}): a bulk insert into a private MariaDB, read by
 * Debezium's MariaDB connector, batched and stored in the local Logstore (DuckDB).
 *
 * <p>Arguments: {@code [rows] [rowsPerInsert]}, defaults {@code 100000 1000}.
 */
public final class BinlogBench {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int perInsert = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path work = Files.createTempDirectory("logcamel-binlog-bench");
        try (PrivateMariaDb db = PrivateMariaDb.start(Files.createDirectories(work.resolve("db")));
             LocalLogstoreServer server = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0,
                     work.resolve("logstore"), Map.of("bench", "bench-secret"), "demo"))) {
            db.execute("CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer VARCHAR(40) NOT NULL,"
                    + " amount DECIMAL(10,2), note VARCHAR(80), created DATETIME(3))");
            CamelContext context = new DefaultCamelContext();
            Map.of("logcamel.checkpoint.dir", work.resolve("checkpoints").toString(),
                    "logcamel.binlog.host", "127.0.0.1",
                    "logcamel.binlog.port", Integer.toString(db.port()),
                    "logcamel.binlog.user", PrivateMariaDb.USER,
                    "logcamel.binlog.password", PrivateMariaDb.PASSWORD,
                    "logcamel.binlog.tables", "shop\\.orders")
                    .forEach(context.getPropertiesComponent()::addInitialProperty);
            LogstoreConfiguration logstore = context.getComponent("logstore", LogstoreComponent.class).getConfiguration();
            logstore.setEndpoint("http://localhost:" + server.port());
            logstore.setAccessKeyId("bench");
            logstore.setAccessKeySecret("bench-secret");
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("binlog.camel.yaml",
                    Files.readString(Path.of("routes/examples/mysql-binlog.camel.yaml"))));
            context.start();
            // The connector streams from the position it finds at start (1-4 s): insert warm-up rows
            // until one arrives, then time from a clean count.
            long warmUpDeadline = System.nanoTime() + 120_000_000_000L;
            while (server.stats().rowsReceived() < 1) {
                if (System.nanoTime() > warmUpDeadline) {
                    throw new IllegalStateException("no change event within 120 s");
                }
                db.execute("INSERT INTO orders (customer) VALUES ('warm-up')");
                Thread.sleep(500);
            }
            Thread.sleep(1000);
            long warmUp = server.stats().rowsReceived();

            long start = System.nanoTime();
            try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
                StringBuilder insert = new StringBuilder();
                for (int done = 0; done < rows; done += perInsert) {
                    insert.setLength(0);
                    insert.append("INSERT INTO orders (customer, amount, note, created) VALUES ");
                    for (int i = 0; i < perInsert; i++) {
                        insert.append(i == 0 ? "" : ",").append("('c").append(done + i).append("', ")
                                .append((done + i) % 10000).append(".25, 'bulk row for the binlog bench', NOW(3))");
                    }
                    statement.execute(insert.toString());
                }
            }
            double insertSeconds = (System.nanoTime() - start) / 1e9;
            long target = rows + warmUp;
            long last = -1;
            long lastChange = System.nanoTime();
            while (server.stats().rowsReceived() < target && System.nanoTime() - lastChange < 10_000_000_000L) {
                long stored = server.stats().rowsReceived();
                if (stored != last) {
                    last = stored;
                    lastChange = System.nanoTime();
                }
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long stored = server.stats().rowsReceived() - warmUp;
            System.out.printf("binlog: inserted %d rows in %.2f s, %d change events stored in %.2f s -> %.0f events/s end to end%n",
                    rows, insertSeconds, stored, seconds, stored / seconds);
            context.stop();
        }
    }
}
