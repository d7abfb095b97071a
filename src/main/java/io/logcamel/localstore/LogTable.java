package io.logcamel.localstore;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The logs of every project and logstore, in one DuckDB table in a file under the data directory.
 *
 * <p>Writes go through one connection and DuckDB's appender under a lock: DuckDB allows a single
 * writer, and the appender is what makes thousands of rows per request cheap. Reads use their own
 * duplicated connection so queries do not queue behind writes. Contents and tags are JSON text in
 * the order they arrived; {@code search_text} holds the lower-cased content values for full-text
 * terms; {@code seq} gives logs a stable order and offsets.
 */
final class LogTable implements AutoCloseable {

    static final String FILE_NAME = "logs.duckdb";
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_ANALYSIS_KEYS = 1000;

    private final DuckDBConnection writer;
    private final Object writeLock = new Object();
    private long nextSequence;

    private LogTable(DuckDBConnection writer, long nextSequence) {
        this.writer = writer;
        this.nextSequence = nextSequence;
    }

    static LogTable open(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        try {
            DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS logs (
                            seq BIGINT NOT NULL,
                            project VARCHAR NOT NULL,
                            logstore VARCHAR NOT NULL,
                            time BIGINT NOT NULL,
                            time_ns INTEGER NOT NULL,
                            topic VARCHAR NOT NULL,
                            source VARCHAR NOT NULL,
                            tags VARCHAR NOT NULL,
                            contents VARCHAR NOT NULL,
                            search_text VARCHAR NOT NULL,
                            received_ms BIGINT NOT NULL
                        )""");
                // analysis statements are user SQL: they may read our table, never files or URLs
                statement.execute("SET enable_external_access = false");
                try (ResultSet max = statement.executeQuery("SELECT coalesce(max(seq), 0) FROM logs")) {
                    max.next();
                    return new LogTable(connection, max.getLong(1) + 1);
                }
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("cannot open the local Logstore database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Stores every event of {@code batch} or none. Returns the number stored. */
    int append(String project, String logstore, LogBatch batch, long receivedMillis) throws SQLException {
        String tags = tagsJson(batch.tags());
        List<String[]> rows = new ArrayList<>(batch.size());
        for (LogEvent event : batch.events()) {
            rows.add(new String[] {contentsJson(event), searchText(event)});
        }
        synchronized (writeLock) {
            long first = nextSequence;
            writer.setAutoCommit(false);
            try (DuckDBAppender appender = writer.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "logs")) {
                for (int i = 0; i < batch.size(); i++) {
                    LogEvent event = batch.events().get(i);
                    appender.beginRow()
                            .append(first + i).append(project).append(logstore)
                            .append(event.timeSeconds()).append(event.timeNanos())
                            .append(batch.topic()).append(batch.source()).append(tags)
                            .append(rows.get(i)[0]).append(rows.get(i)[1]).append(receivedMillis)
                            .endRow();
                }
                appender.flush();
                writer.commit();
                nextSequence = first + batch.size();
            } catch (SQLException | RuntimeException e) {
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        }
        return batch.size();
    }

    long count(LogSelection selection) throws SQLException {
        SqlCondition where = selection.condition();
        try (Connection reader = writer.duplicate();
             PreparedStatement statement = prepare(reader, "SELECT count(*) FROM logs WHERE " + where.sql(), where.params());
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Matching logs in arrival order (oldest first), or newest first when {@code reverse}. */
    List<StoredLog> find(LogSelection selection, long offset, int line, boolean reverse) throws SQLException {
        SqlCondition where = selection.condition();
        String order = reverse ? "time DESC, time_ns DESC, seq DESC" : "time, time_ns, seq";
        List<Object> params = new ArrayList<>(where.params());
        params.add(line);
        params.add(offset);
        List<StoredLog> logs = new ArrayList<>(line);
        try (Connection reader = writer.duplicate();
             PreparedStatement statement = prepare(reader, "SELECT seq, time, time_ns, topic, source, tags, contents"
                     + " FROM logs WHERE " + where.sql() + " ORDER BY " + order + " LIMIT ? OFFSET ?", params);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                logs.add(new StoredLog(rows.getLong(1), rows.getLong(2), rows.getInt(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getString(7)));
            }
        }
        return logs;
    }

    /** Counts of matching logs per {@code interval}-second bucket over {@code [from, to)}, keyed by bucket start. */
    Map<Long, Long> histogram(LogSelection selection, long interval) throws SQLException {
        SqlCondition where = selection.condition();
        List<Object> params = new ArrayList<>();
        params.add(selection.from());
        params.add(selection.from());
        params.add(interval);
        params.add(interval);
        params.addAll(where.params());
        Map<Long, Long> counts = new LinkedHashMap<>();
        try (Connection reader = writer.duplicate();
             PreparedStatement statement = prepare(reader, "SELECT ? + (time - ?) // ? * ? AS bucket, count(*)"
                     + " FROM logs WHERE " + where.sql() + " GROUP BY bucket ORDER BY bucket", params);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getLong(1), rows.getLong(2));
            }
        }
        return counts;
    }

    /**
     * Runs an analysis statement over the matching logs, seen as a table {@code log} whose columns
     * are the content keys of those logs (as text) plus {@code __time__}, {@code __topic__} and
     * {@code __source__}. Rows come back as ordered column-to-text maps.
     */
    List<Map<String, String>> analyze(LogSelection selection, String statement) throws SQLException {
        SqlCondition where = selection.condition();
        try (Connection reader = writer.duplicate()) {
            List<String> keys = new ArrayList<>();
            try (PreparedStatement distinct = prepare(reader, "SELECT DISTINCT k FROM (SELECT unnest(json_keys(contents)) AS k"
                    + " FROM logs WHERE " + where.sql() + ") ORDER BY k LIMIT " + MAX_ANALYSIS_KEYS, where.params());
                 ResultSet rows = distinct.executeQuery()) {
                while (rows.next()) {
                    keys.add(rows.getString(1));
                }
            }
            StringBuilder columns = new StringBuilder("time AS \"__time__\", topic AS \"__topic__\", source AS \"__source__\"");
            for (String key : keys) {
                if (!key.equals("__time__") && !key.equals("__topic__") && !key.equals("__source__")) {
                    // keys come from stored data: they are escaped as a literal and an identifier, never spliced raw
                    columns.append(", json_extract_string(contents, ").append(sqlLiteral(SearchQuery.jsonPointer(key)))
                            .append(") AS ").append(sqlIdentifier(key));
                }
            }
            String sql = "WITH " + QueryText.TABLE + " AS (SELECT " + columns + " FROM logs WHERE " + where.sql() + ") "
                    + statement;
            List<Map<String, String>> result = new ArrayList<>();
            try (PreparedStatement query = prepare(reader, sql, where.params());
                 ResultSet rows = query.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                while (rows.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        Object value = rows.getObject(c);
                        row.put(meta.getColumnLabel(c), value == null ? "null" : value.toString());
                    }
                    result.add(row);
                }
            }
            return result;
        }
    }

    /** Writes everything to the database file so a restart finds it, then closes. */
    @Override
    public void close() {
        synchronized (writeLock) {
            try (Statement statement = writer.createStatement()) {
                statement.execute("CHECKPOINT");
            } catch (SQLException e) {
                // closing still flushes the write-ahead log; a failed checkpoint only costs replay time
            }
            try {
                writer.close();
            } catch (SQLException e) {
                throw new IllegalStateException("closing the local Logstore database failed: " + e.getMessage(), e);
            }
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    static String sqlLiteral(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String sqlIdentifier(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static String contentsJson(LogEvent event) {
        StringWriter out = new StringWriter(64 + event.size() * 32);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (int i = 0; i < event.size(); i++) {
                json.writeStringField(event.key(i), event.value(i));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String tagsJson(Map<String, String> tags) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                json.writeStringField(tag.getKey(), tag.getValue());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String searchText(LogEvent event) {
        if (event.size() == 1) {
            return event.value(0).toLowerCase(Locale.ROOT);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < event.size(); i++) {
            text.append(event.value(i).toLowerCase(Locale.ROOT)).append('\n');
        }
        return text.toString();
    }
}
