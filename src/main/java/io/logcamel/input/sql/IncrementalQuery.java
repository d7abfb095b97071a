package io.logcamel.input.sql;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.input.FlowControl;
import io.logcamel.input.HeldFlowControl;
import io.logcamel.input.PauseReasons;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceHelper;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a table incrementally by a checkpoint column, one page per exchange, for a route of the
 * shape {@code timer -> loop(while more pages) [incrementalQuery -> logstore: -> commitCheckpoint]}.
 *
 * <p>Each call runs the query with {@code :last} bound to the stored checkpoint (and
 * {@code :limit} to the page size) and makes a {@link LogBatch} of the rows, one log per row,
 * columns as fields (SQL NULLs left out). {@link CommitCheckpoint} stores the last row's
 * checkpoint value and is placed after the {@code logstore:} step, so the checkpoint advances only when the batch
 * was delivered; a failed delivery fails the exchange before it, and the next round reads the
 * same rows again (at-least-once, never a skipped row).
 *
 * <p>The checkpoint column must increase strictly in the query's order (an auto-increment id):
 * rows sharing a value across a page boundary would be skipped by {@code > :last}.
 *
 * <p>Its pause hook ({@link FlowControl}): while paused a round reads nothing (an empty page, no
 * query), so the poll loop idles and the checkpoint stays where it is.
 */
public class IncrementalQuery implements Processor, HeldFlowControl {

    public static final String MORE_PAGES = "LogcamelQueryMorePages";
    public static final String PENDING_CHECKPOINT = "LogcamelQueryPendingCheckpoint";
    private static final Pattern PARAMETER = Pattern.compile(":(last|limit)\\b");

    private String jdbcUrl;
    private String user = "";
    private String password = "";
    private String sql;
    private List<String> parameterOrder = List.of();
    private String checkpointColumn = "id";
    private String initialCheckpoint = "0";
    private String checkpointKey;
    private String timeColumn = "";
    private int pageSize = 1000;
    private StateRepository<String, String> stateRepository;
    private final PauseReasons paused = new PauseReasons(isPaused -> { });

    /** Reads the next page after the stored checkpoint into the body; sets {@link #MORE_PAGES}. */
    @Override
    public void process(Exchange exchange) throws SQLException {
        requireSettings();
        LogBatch batch = new LogBatch();
        if (paused.isPaused()) {
            exchange.setProperty(MORE_PAGES, false);
            exchange.removeProperty(PENDING_CHECKPOINT);
            exchange.getMessage().setBody(batch);
            return;
        }
        String last = lastCheckpoint();
        String lastValue = null;
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameterOrder.size(); i++) {
                if (parameterOrder.get(i).equals("last")) {
                    bindCheckpoint(statement, i + 1, last);
                } else {
                    statement.setInt(i + 1, pageSize);
                }
            }
            statement.setMaxRows(pageSize);
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                int checkpointIndex = columnIndex(meta, checkpointColumn);
                int timeIndex = timeColumn.isEmpty() ? -1 : columnIndex(meta, timeColumn);
                while (rows.next()) {
                    batch.add(toEvent(rows, meta, timeIndex));
                    lastValue = rows.getString(checkpointIndex);
                }
            }
        }
        exchange.setProperty(MORE_PAGES, batch.size() >= pageSize);
        if (lastValue != null) {
            QueryCheckpoint position = new QueryCheckpoint(checkpointKey, lastValue);
            batch.position(position);
            exchange.setProperty(PENDING_CHECKPOINT, position);
        } else {
            exchange.removeProperty(PENDING_CHECKPOINT);
        }
        exchange.getMessage().setBody(batch);
    }

    @Override
    public FlowControl flow() {
        return paused;
    }

    /** The stored checkpoint, or the initial one. */
    public String lastCheckpoint() {
        requireSettings();
        ServiceHelper.startService(stateRepository);
        String stored = stateRepository.getState(checkpointKey);
        return stored == null ? initialCheckpoint : stored;
    }

    private static void bindCheckpoint(PreparedStatement statement, int index, String value) throws SQLException {
        // Integers are bound as numbers: a BIGINT compared with a string is compared as a double in MySQL.
        if (value.matches("-?\\d{1,18}")) {
            statement.setLong(index, Long.parseLong(value));
        } else {
            statement.setString(index, value);
        }
    }

    private static LogEvent toEvent(ResultSet rows, ResultSetMetaData meta, int timeIndex) throws SQLException {
        LogEvent event = LogEvent.now();
        for (int column = 1; column <= meta.getColumnCount(); column++) {
            String value = text(rows, meta, column);
            if (value != null) {
                event.add(meta.getColumnLabel(column), value);
            }
        }
        if (timeIndex > 0) {
            Timestamp time = rows.getTimestamp(timeIndex);
            if (time != null) {
                event.setTime(Math.floorDiv(time.getTime(), 1000L), time.getNanos());
            }
        }
        return event;
    }

    /**
     * A column as text. DATETIME/TIMESTAMP are formatted here: MariaDB Connector/J 3.5.3's
     * getString drops a leading zero of the fraction ({@code 21.062} becomes {@code 21.62000}).
     */
    private static String text(ResultSet rows, ResultSetMetaData meta, int column) throws SQLException {
        if (meta.getColumnType(column) == Types.TIMESTAMP) {
            LocalDateTime time = rows.getObject(column, LocalDateTime.class);
            return time == null ? null : time.toString().replace('T', ' ');
        }
        return rows.getString(column);
    }

    private static int columnIndex(ResultSetMetaData meta, String label) throws SQLException {
        for (int column = 1; column <= meta.getColumnCount(); column++) {
            if (meta.getColumnLabel(column).equalsIgnoreCase(label)) {
                return column;
            }
        }
        throw new SQLException("the query's result has no column '" + label + "' (logcamel.mysql-query.checkpoint-column"
                + " / time-column)");
    }

    private void requireSettings() {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new IllegalStateException("logcamel.mysql-query.jdbc-url is not set");
        }
        if (sql == null) {
            throw new IllegalStateException("logcamel.mysql-query.query is not set");
        }
        if (stateRepository == null) {
            throw new IllegalStateException("IncrementalQuery needs a stateRepository (a DurableStateRepository bean)");
        }
        if (checkpointKey == null) {
            checkpointKey = checkpointColumn;
        }
    }

    // ---- settings ------------------------------------------------------------------------

    /** JDBC URL, e.g. {@code jdbc:mariadb://db:3306/shop} or {@code jdbc:mysql://...}. */
    public void setJdbcUrl(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("logcamel.mysql-query.jdbc-url must be a jdbc: URL, was " + jdbcUrl);
        }
        this.jdbcUrl = jdbcUrl;
    }

    public void setUser(String user) {
        this.user = user == null ? "" : user;
    }

    public void setPassword(String password) {
        this.password = password == null ? "" : password;
    }

    /**
     * The statement, with {@code :last} where the checkpoint goes and optionally {@code :limit}
     * for the page size, e.g. {@code SELECT * FROM orders WHERE id > :last ORDER BY id LIMIT :limit}.
     */
    public void setQuery(String query) {
        if (query == null || !PARAMETER.matcher(query).find() || !query.contains(":last")) {
            throw new IllegalArgumentException("logcamel.mysql-query.query must use :last (the checkpoint), was: " + query);
        }
        List<String> order = new ArrayList<>();
        Matcher matcher = PARAMETER.matcher(query);
        StringBuilder jdbc = new StringBuilder();
        while (matcher.find()) {
            order.add(matcher.group(1));
            matcher.appendReplacement(jdbc, "?");
        }
        matcher.appendTail(jdbc);
        this.sql = jdbc.toString();
        this.parameterOrder = List.copyOf(order);
    }

    /** The column whose last value is the checkpoint (strictly increasing in the query's order). */
    public void setCheckpointColumn(String checkpointColumn) {
        if (checkpointColumn == null || checkpointColumn.isBlank()) {
            throw new IllegalArgumentException("logcamel.mysql-query.checkpoint-column must not be empty");
        }
        this.checkpointColumn = checkpointColumn;
    }

    /** The checkpoint before the first row (default {@code 0}). */
    public void setInitialCheckpoint(String initialCheckpoint) {
        this.initialCheckpoint = initialCheckpoint;
    }

    /** The key of this input's checkpoint in the repository (default: the checkpoint column). */
    public void setCheckpointKey(String checkpointKey) {
        this.checkpointKey = checkpointKey;
    }

    /** A DATETIME/TIMESTAMP column that becomes the log time (default: the read time). */
    public void setTimeColumn(String timeColumn) {
        this.timeColumn = timeColumn == null ? "" : timeColumn;
    }

    /** Rows per page (one batch); pages follow each other until a page is short. */
    public void setPageSize(int pageSize) {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("logcamel.mysql-query.page-size must be positive, was " + pageSize);
        }
        this.pageSize = pageSize;
    }

    public void setStateRepository(StateRepository<String, String> stateRepository) {
        this.stateRepository = stateRepository;
    }
}
