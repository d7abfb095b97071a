package io.logcamel.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private, binlog-enabled MariaDB for tests, started from the system's {@code mariadbd} in a
 * directory of the test's own on a free port (never 3306), and stopped by its pid. It has a
 * database {@value #DATABASE}, a user {@value #USER} with every right on it plus the replication
 * rights a CDC reader needs.
 *
 * <pre>
 * try (PrivateMariaDb db = PrivateMariaDb.start(tempDir)) { db.execute("CREATE TABLE ..."); }
 * </pre>
 */
public final class PrivateMariaDb implements AutoCloseable {

    public static final String DATABASE = "shop";
    public static final String USER = "logcamel";
    public static final String PASSWORD = "logcamel-pw";

    private final Path directory;
    private final int port;
    private final Process process;

    private PrivateMariaDb(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    public static PrivateMariaDb start(Path directory) throws Exception {
        String osUser = System.getProperty("user.name");
        Path data = directory.resolve("data");
        run(List.of("mariadb-install-db", "--no-defaults", "--user=" + osUser, "--datadir=" + data,
                "--auth-root-authentication-method=normal", "--skip-test-db"), directory.resolve("install.log"));
        int port = LocalLogstoreFixture.freeTcpPort();
        Path socket = directory.resolve("mysqld.sock");
        Process server = new ProcessBuilder(List.of("mariadbd", "--no-defaults", "--user=" + osUser,
                "--datadir=" + data, "--socket=" + socket, "--pid-file=" + directory.resolve("mysqld.pid"),
                "--port=" + port, "--bind-address=127.0.0.1", "--skip-name-resolve",
                "--log-bin=" + data.resolve("binlog"), "--binlog-format=ROW", "--binlog-row-image=FULL",
                "--server-id=1", "--log-error=" + directory.resolve("error.log"),
                "--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0"))
                .redirectErrorStream(true).redirectOutput(directory.resolve("mariadbd.out").toFile()).start();
        PrivateMariaDb db = new PrivateMariaDb(directory, port, server);
        try {
            db.awaitReady(socket);
            db.client(socket, "CREATE DATABASE " + DATABASE + ";"
                    + " CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "';"
                    + " GRANT ALL ON " + DATABASE + ".* TO '" + USER + "'@'%';"
                    + " GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR,"
                    + " REPLICATION SLAVE ADMIN ON *.* TO '" + USER + "'@'%';");
        } catch (Exception e) {
            db.close();
            throw e;
        }
        return db;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    /** Runs statements, each on its own, as the test user. */
    public void execute(String... statements) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Runs SQL as root through the server's socket (for what the test user may not do). */
    public void executeAsRoot(String sql) throws Exception {
        client(directory.resolve("mysqld.sock"), sql);
    }

    private void awaitReady(Path socket) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + process.exitValue() + ": " + errorLog());
            }
            Process ping = new ProcessBuilder("mariadb-admin", "--no-defaults", "--socket=" + socket, "-uroot", "ping")
                    .redirectErrorStream(true).start();
            ping.getInputStream().readAllBytes();
            if (ping.waitFor(10, TimeUnit.SECONDS) && ping.exitValue() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("mariadbd not ready after 30 s: " + errorLog());
    }

    private void client(Path socket, String sql) throws Exception {
        run(List.of("mariadb", "--no-defaults", "--socket=" + socket, "-uroot", "-e", sql), directory.resolve("client.log"));
    }

    private static void run(List<String> command, Path log) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " failed: " + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    private String errorLog() throws IOException {
        Path log = directory.resolve("error.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no error log)";
    }

    /** Stops the server by its pid (SIGTERM, then SIGKILL after 20 s) and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
