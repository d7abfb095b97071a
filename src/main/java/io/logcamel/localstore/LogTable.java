package io.logcamel.localstore;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The logs of every project and logstore in a DuckDB file under the data directory: one table
 * per logstore with a column per content key (see {@link LogstoreSchema}), plus the catalog of
 * logstores, keys and shapes and the journal offset everything up to which is stored.
 *
 * <p>Only the {@link LogIndexer} writes, through one connection, with DuckDB's appender, many
 * PutLogs per transaction; the journal offset is committed in the same transaction as the rows,
 * so each journal record is stored exactly once however the process stops. Queries use their own
 * duplicated connections and read committed snapshots, so they never wait for the writer.
 */
final class LogTable implements AutoCloseable {

    static final String FILE_NAME = "store.duckdb";
    /** The file of the layout before per-key columns: left alone, never read. */
    static final String OLD_FILE_NAME = "logs.duckdb";
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_MISSING_COLUMNS = 32;
    /** Wanted sequence numbers closer than this are read with one range (a row group holds 122,880 rows). */
    private static final long SEQUENCE_RANGE_GAP = 1024;
    private static final Pattern MISSING_COLUMN = Pattern.compile(
            "Referenced column \"(.+?)\" not found|Values list \"" + QueryText.TABLE + "\" does not have a column named \"(.+?)\"");
    private static final List<String> RESERVED = List.of("__time__", "__topic__", "__source__");
    static final String GROUPS = "lc_groups";

    private final DuckDBConnection writer;
    private final int maxColumns;
    private final Map<String, LogstoreSchema> schemas = new ConcurrentHashMap<>();
    /** Topic, source and tags of a LogGroup. */
    private record Group(String topic, String source, String tags) {
    }

    private final Map<Group, Integer> groups = new HashMap<>();
    private final Map<Integer, Group> groupsById = new ConcurrentHashMap<>();
    private long nextSequence;
    private long indexedOffset;
    private int nextLogstoreId;

    private LogTable(DuckDBConnection writer, int maxColumns) {
        this.writer = writer;
        this.maxColumns = maxColumns;
    }

    static LogTable open(Path dataDir, int maxColumns) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        try {
            DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
            try {
                LogTable table = new LogTable(connection, maxColumns);
                table.prepare();
                return table;
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("cannot open the local Logstore database " + file + ": " + e.getMessage(), e);
        }
    }

    private void prepare() throws SQLException {
        try (Statement statement = writer.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS lc_meta (name VARCHAR NOT NULL, value BIGINT NOT NULL)");
            statement.execute("CREATE TABLE IF NOT EXISTS lc_logstores (id INTEGER NOT NULL, project VARCHAR NOT NULL,"
                    + " logstore VARCHAR NOT NULL)");
            // position -1 marks a key some log keeps in extra
            statement.execute("CREATE TABLE IF NOT EXISTS lc_fields (logstore_id INTEGER NOT NULL, position INTEGER NOT NULL,"
                    + " key VARCHAR NOT NULL)");
            statement.execute("CREATE TABLE IF NOT EXISTS lc_shapes (logstore_id INTEGER NOT NULL, shape INTEGER NOT NULL,"
                    + " positions VARCHAR NOT NULL)");
            // the LogGroup fields every log of a PutLogs shares, kept once instead of in every row
            statement.execute("CREATE TABLE IF NOT EXISTS " + GROUPS + " (id INTEGER NOT NULL, topic VARCHAR NOT NULL,"
                    + " source VARCHAR NOT NULL, tags VARCHAR NOT NULL)");
            // analysis statements are user SQL: they may read our tables, never files or URLs
            statement.execute("SET enable_external_access = false");
            // measured: with DuckDB's worker threads the indexer spins waiting on them, and the two
            // cores of a small machine go to that instead of PutLogs (13.6 against 9.2 us of CPU a log)
            statement.execute("SET threads = 1");
            try (ResultSet meta = statement.executeQuery("SELECT name, value FROM lc_meta")) {
                while (meta.next()) {
                    switch (meta.getString(1)) {
                        case "journal_offset" -> indexedOffset = meta.getLong(2);
                        case "next_seq" -> nextSequence = meta.getLong(2);
                        default -> { }
                    }
                }
            }
            if (nextSequence == 0) {
                nextSequence = 1;
                statement.execute("DELETE FROM lc_meta");
                statement.execute("INSERT INTO lc_meta VALUES ('journal_offset', 0), ('next_seq', 1)");
            }
            try (ResultSet rows = statement.executeQuery("SELECT id, topic, source, tags FROM " + GROUPS)) {
                while (rows.next()) {
                    Group group = new Group(rows.getString(2), rows.getString(3), rows.getString(4));
                    groups.put(group, rows.getInt(1));
                    groupsById.put(rows.getInt(1), group);
                }
            }
            try (ResultSet logstores = statement.executeQuery("SELECT id, project, logstore FROM lc_logstores ORDER BY id")) {
                while (logstores.next()) {
                    LogstoreSchema schema = load(writer, logstores.getInt(1), logstores.getString(2), logstores.getString(3));
                    schemas.put(name(schema.project, schema.logstore), schema);
                    nextLogstoreId = Math.max(nextLogstoreId, schema.id + 1);
                }
            }
        }
    }

    private static LogstoreSchema load(Connection connection, int id, String project, String logstore) throws SQLException {
        List<String> keys = new ArrayList<>();
        Set<String> extraKeys = new HashSet<>();
        try (PreparedStatement fields = connection.prepareStatement(
                "SELECT position, key FROM lc_fields WHERE logstore_id = ? ORDER BY position")) {
            fields.setInt(1, id);
            try (ResultSet rows = fields.executeQuery()) {
                while (rows.next()) {
                    if (rows.getInt(1) == LogstoreSchema.EXTRA) {
                        extraKeys.add(rows.getString(2));
                    } else {
                        keys.add(rows.getString(2));
                    }
                }
            }
        }
        List<int[]> shapes = new ArrayList<>();
        try (PreparedStatement shapeRows = connection.prepareStatement(
                "SELECT positions FROM lc_shapes WHERE logstore_id = ? ORDER BY shape")) {
            shapeRows.setInt(1, id);
            try (ResultSet rows = shapeRows.executeQuery()) {
                while (rows.next()) {
                    shapes.add(LogstoreSchema.decodeShape(rows.getString(1)));
                }
            }
        }
        return LogstoreSchema.of(id, project, logstore, keys, extraKeys, shapes);
    }

    private static String name(String project, String logstore) {
        return project + "/" + logstore;
    }

    /** The journal offset up to which every record is stored. */
    long indexedOffset() {
        return indexedOffset;
    }

    /** The current layout of a logstore, or an absent one if nothing was stored in it yet. */
    LogstoreSchema schema(String project, String logstore) {
        LogstoreSchema schema = schemas.get(name(project, logstore));
        return schema != null ? schema : LogstoreSchema.absent(project, logstore);
    }

    /** One PutLogs to store. */
    record Incoming(String project, String logstore, LogBatch batch) {
    }

    /**
     * Stores every log of {@code incoming} and records that the journal is stored up to
     * {@code journalOffset}, all in one transaction: all or nothing.
     */
    void append(List<Incoming> incoming, long journalOffset) throws SQLException {
        Map<String, Layout> layouts = new LinkedHashMap<>();
        Map<Group, Integer> newGroups = new LinkedHashMap<>();
        long sequence = nextSequence;
        long rows = 0;
        for (Incoming one : incoming) {
            rows += one.batch.size();
        }
        writer.setAutoCommit(false);
        try {
            // First a statement, so the transaction exists before the appender flushes: an appender
            // that finds none commits on its own (measured), and rows could then be stored without
            // the journal offset that says so, and stored again after a crash.
            try (PreparedStatement meta = writer.prepareStatement("UPDATE lc_meta SET value = ? WHERE name = ?")) {
                meta.setLong(1, journalOffset);
                meta.setString(2, "journal_offset");
                meta.executeUpdate();
                meta.setLong(1, nextSequence + rows);
                meta.setString(2, "next_seq");
                meta.executeUpdate();
            }
            // first the new logstores and columns, so each table's appender sees its final shape
            for (Incoming one : incoming) {
                Layout layout = layouts.computeIfAbsent(name(one.project, one.logstore), n -> new Layout(one.project, one.logstore));
                for (LogEvent event : one.batch.events()) {
                    for (int i = 0; i < event.size(); i++) {
                        layout.columnFor(event.key(i));
                    }
                }
            }
            for (Incoming one : incoming) {
                Layout layout = layouts.get(name(one.project, one.logstore));
                sequence = layout.append(one, groupId(one.batch, newGroups), sequence);
            }
            for (Layout layout : layouts.values()) {
                layout.finish();
            }
            if (sequence != nextSequence + rows) {
                throw new IllegalStateException("stored " + (sequence - nextSequence) + " logs of " + rows);
            }
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            for (Layout layout : layouts.values()) {
                layout.abandon();
            }
            writer.rollback();
            throw e;
        } finally {
            writer.setAutoCommit(true);
        }
        for (Layout layout : layouts.values()) {
            LogstoreSchema schema = layout.snapshot();
            schemas.put(name(schema.project, schema.logstore), schema);
        }
        newGroups.forEach((group, id) -> {
            groups.put(group, id);
            groupsById.put(id, group);
        });
        nextSequence = sequence;
        indexedOffset = journalOffset;
        if (!layouts.isEmpty()) {
            nextLogstoreId = Math.max(nextLogstoreId, layouts.values().stream().mapToInt(l -> l.id + 1).max().orElse(0));
        }
    }

    private int groupId(LogBatch batch, Map<Group, Integer> newGroups) throws SQLException {
        Group group = new Group(batch.topic(), batch.source(), tagsJson(batch.tags()));
        Integer id = groups.get(group);
        if (id == null) {
            id = newGroups.get(group);
        }
        if (id == null) {
            id = groups.size() + newGroups.size();
            try (PreparedStatement insert = writer.prepareStatement("INSERT INTO " + GROUPS + " VALUES (?, ?, ?, ?)")) {
                insert.setInt(1, id);
                insert.setString(2, group.topic);
                insert.setString(3, group.source);
                insert.setString(4, group.tags);
                insert.executeUpdate();
            }
            newGroups.put(group, id);
        }
        return id;
    }

    /** The group {@code id} names; read from the database when it was committed after this table last looked. */
    private Group group(Connection reader, int id) throws SQLException {
        Group group = groupsById.get(id);
        if (group != null) {
            return group;
        }
        try (PreparedStatement select = reader.prepareStatement("SELECT topic, source, tags FROM " + GROUPS + " WHERE id = ?")) {
            select.setInt(1, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("log group " + id + " is missing from " + GROUPS);
                }
                return new Group(rows.getString(1), rows.getString(2), rows.getString(3));
            }
        }
    }

    /** A logstore's layout while a transaction extends it; published only once it committed. */
    private final class Layout {
        final int id;
        final String project;
        final String logstore;
        final List<String> keys;
        final Map<String, Integer> columns;
        final Set<String> extraKeys;
        final List<int[]> shapes;
        final Map<LogstoreSchema.Shape, Integer> shapeIds;
        DuckDBAppender appender;

        Layout(String project, String logstore) {
            this.project = project;
            this.logstore = logstore;
            LogstoreSchema current = schemas.get(name(project, logstore));
            try {
                if (current == null) {
                    id = nextLogstoreId++;
                    try (PreparedStatement insert = writer.prepareStatement("INSERT INTO lc_logstores VALUES (?, ?, ?)")) {
                        insert.setInt(1, id);
                        insert.setString(2, project);
                        insert.setString(3, logstore);
                        insert.executeUpdate();
                    }
                    try (Statement create = writer.createStatement()) {
                        create.execute("CREATE TABLE " + tableName() + " (seq BIGINT NOT NULL, time BIGINT NOT NULL,"
                                + " time_ns INTEGER NOT NULL, grp INTEGER NOT NULL, shape INTEGER NOT NULL, extra VARCHAR)");
                    }
                    current = LogstoreSchema.absent(project, logstore);
                } else {
                    id = current.id;
                }
            } catch (SQLException e) {
                throw new StoreFailure(e);
            }
            keys = new ArrayList<>(current.keys);
            columns = new HashMap<>(current.columns);
            extraKeys = new HashSet<>(current.extraKeys);
            shapes = new ArrayList<>(current.shapes);
            shapeIds = new HashMap<>(current.shapeIds);
        }

        String tableName() {
            return "logs_" + id;
        }

        /** The column of {@code key}, adding one if there is room; null when the key goes to extra. */
        Integer columnFor(String key) {
            Integer position = columns.get(key);
            if (position != null || keys.size() >= maxColumns) {
                return position;
            }
            position = keys.size();
            try (Statement alter = writer.createStatement();
                 PreparedStatement field = writer.prepareStatement("INSERT INTO lc_fields VALUES (?, ?, ?)")) {
                alter.execute("ALTER TABLE " + tableName() + " ADD COLUMN " + LogstoreSchema.column(position) + " VARCHAR");
                field.setInt(1, id);
                field.setInt(2, position);
                field.setString(3, key);
                field.executeUpdate();
            } catch (SQLException e) {
                throw new StoreFailure(e);
            }
            keys.add(key);
            columns.put(key, position);
            return position;
        }

        long append(Incoming incoming, int group, long firstSequence) throws SQLException {
            if (appender == null) {
                appender = writer.createAppender(DuckDBConnection.DEFAULT_SCHEMA, tableName());
            }
            LogBatch batch = incoming.batch;
            int width = keys.size();
            String[] values = new String[width];
            long sequence = firstSequence;
            for (LogEvent event : batch.events()) {
                int[] shape = new int[event.size()];
                List<String[]> extra = null;
                for (int i = 0; i < event.size(); i++) {
                    String key = event.key(i);
                    Integer position = columns.get(key);
                    if (position != null && values[position] == null) {
                        values[position] = event.value(i);
                        shape[i] = position;
                    } else {
                        if (extra == null) {
                            extra = new ArrayList<>(2);
                        }
                        extra.add(new String[] {key, event.value(i)});
                        shape[i] = LogstoreSchema.EXTRA;
                        markExtra(key);
                    }
                }
                appender.beginRow()
                        .append(sequence++).append(event.timeSeconds()).append(event.timeNanos())
                        .append(group).append(shapeId(shape));
                if (extra == null) {
                    appender.appendNull();
                } else {
                    appender.append(pairsJson(extra));
                }
                for (int c = 0; c < width; c++) {
                    if (values[c] == null) {
                        appender.appendNull();
                    } else {
                        appender.append(values[c]);
                        values[c] = null;
                    }
                }
                appender.endRow();
            }
            return sequence;
        }

        private void markExtra(String key) throws SQLException {
            if (extraKeys.add(key)) {
                try (PreparedStatement field = writer.prepareStatement("INSERT INTO lc_fields VALUES (?, ?, ?)")) {
                    field.setInt(1, id);
                    field.setInt(2, LogstoreSchema.EXTRA);
                    field.setString(3, key);
                    field.executeUpdate();
                }
            }
        }

        private int shapeId(int[] positions) throws SQLException {
            LogstoreSchema.Shape shape = new LogstoreSchema.Shape(positions);
            Integer known = shapeIds.get(shape);
            if (known != null) {
                return known;
            }
            int id = shapes.size();
            try (PreparedStatement insert = writer.prepareStatement("INSERT INTO lc_shapes VALUES (?, ?, ?)")) {
                insert.setInt(1, this.id);
                insert.setInt(2, id);
                insert.setString(3, LogstoreSchema.encodeShape(positions));
                insert.executeUpdate();
            }
            shapes.add(positions);
            shapeIds.put(shape, id);
            return id;
        }

        void finish() throws SQLException {
            if (appender != null) {
                DuckDBAppender open = appender;
                appender = null;
                open.close();
            }
        }

        void abandon() {
            if (appender != null) {
                try {
                    appender.close();
                } catch (SQLException | RuntimeException e) {
                    // the transaction is rolled back anyway
                }
                appender = null;
            }
        }

        LogstoreSchema snapshot() {
            return LogstoreSchema.of(id, project, logstore, keys, extraKeys, shapes);
        }
    }

    /** A SQL failure inside a step that cannot throw it. */
    static final class StoreFailure extends RuntimeException {
        StoreFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    // ---- queries ------------------------------------------------------------------------------

    long count(LogSelection selection) throws SQLException {
        if (!selection.schema().exists()) {
            return 0;
        }
        SqlCondition where = selection.condition();
        try (Connection reader = writer.duplicate();
             PreparedStatement statement = prepare(reader, "SELECT count(*) FROM " + selection.schema().table()
                     + " WHERE " + where.sql(), where.params());
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Matching logs in arrival order (oldest first), or newest first when {@code reverse}.
     *
     * <p>Measured over 10 M logs: ordering whole rows to keep 100 costs DuckDB 0.7-0.9 s, ordering
     * their sequence numbers 0.16 s. So the page is chosen by sequence number first, then its rows
     * are read by sequence ranges (logs stay immutable, and sequence numbers are ascending in the
     * table, so each range prunes to the row groups that hold it).
     */
    List<StoredLog> find(LogSelection selection, long offset, int line, boolean reverse) throws SQLException {
        LogstoreSchema schema = selection.schema();
        if (!schema.exists()) {
            return List.of();
        }
        SqlCondition where = selection.condition();
        String order = reverse ? "time DESC, time_ns DESC, seq DESC" : "time, time_ns, seq";
        List<Object> params = new ArrayList<>(where.params());
        params.add(line);
        params.add(offset);
        List<Long> page = new ArrayList<>(line);
        Map<Long, StoredLog> bySequence = new HashMap<>();
        try (Connection reader = writer.duplicate()) {
            try (PreparedStatement statement = prepare(reader, "SELECT seq FROM " + schema.table() + " WHERE " + where.sql()
                    + " ORDER BY " + order + " LIMIT ? OFFSET ?", params);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    page.add(rows.getLong(1));
                }
            }
            List<Long> sorted = new ArrayList<>(page);
            sorted.sort(Long::compare);
            int from = 0;
            while (from < sorted.size()) {
                int to = from + 1;
                while (to < sorted.size() && sorted.get(to) - sorted.get(to - 1) <= SEQUENCE_RANGE_GAP) {
                    to++;
                }
                schema = readRange(reader, schema, sorted.get(from), sorted.get(to - 1), bySequence);
                from = to;
            }
        }
        List<StoredLog> logs = new ArrayList<>(page.size());
        for (long sequence : page) {
            logs.add(bySequence.get(sequence));
        }
        return logs;
    }

    /** Reads the logs with sequence numbers in {@code [first, last]}; returns the schema, reloaded if they are newer. */
    private LogstoreSchema readRange(Connection reader, LogstoreSchema schema, long first, long last,
                                     Map<Long, StoredLog> into) throws SQLException {
        try (PreparedStatement statement = prepare(reader, "SELECT * FROM " + schema.table() + " WHERE seq BETWEEN ? AND ?",
                List.of(first, last));
             ResultSet rows = statement.executeQuery()) {
            ResultSetMetaData meta = rows.getMetaData();
            // the columns as this snapshot of the table has them: possibly newer than the schema
            Map<Integer, Integer> resultColumnOf = new HashMap<>();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                String name = meta.getColumnName(c);
                if (name.matches("c\\d+")) {
                    resultColumnOf.put(Integer.parseInt(name.substring(1)), c);
                }
            }
            while (rows.next()) {
                int shapeId = rows.getInt("shape");
                if (shapeId >= schema.shapes.size() || resultColumnOf.size() > schema.keys.size()) {
                    // committed after the schema was read: read the catalog as it is now
                    schema = load(reader, schema.id, schema.project, schema.logstore);
                }
                Group group = group(reader, rows.getInt("grp"));
                long sequence = rows.getLong("seq");
                into.put(sequence, new StoredLog(sequence, rows.getLong("time"), rows.getInt("time_ns"),
                        group.topic, group.source, group.tags,
                        contents(schema, schema.shapes.get(shapeId), rows, resultColumnOf)));
            }
        }
        return schema;
    }

    private static List<String[]> contents(LogstoreSchema schema, int[] shape, ResultSet row,
                                           Map<Integer, Integer> resultColumnOf) throws SQLException {
        List<String[]> contents = new ArrayList<>(shape.length);
        List<String[]> extra = null;
        int nextExtra = 0;
        for (int position : shape) {
            if (position == LogstoreSchema.EXTRA) {
                if (extra == null) {
                    extra = parsePairs(row.getString("extra"));
                }
                contents.add(extra.get(nextExtra++));
            } else {
                contents.add(new String[] {schema.keys.get(position), row.getString(resultColumnOf.get(position))});
            }
        }
        return contents;
    }

    /** Counts of matching logs per {@code interval}-second bucket over {@code [from, to)}, keyed by bucket start. */
    Map<Long, Long> histogram(LogSelection selection, long interval) throws SQLException {
        Map<Long, Long> counts = new LinkedHashMap<>();
        if (!selection.schema().exists()) {
            return counts;
        }
        SqlCondition where = selection.condition();
        List<Object> params = new ArrayList<>();
        params.add(selection.from());
        params.add(selection.from());
        params.add(interval);
        params.add(interval);
        params.addAll(where.params());
        try (Connection reader = writer.duplicate();
             PreparedStatement statement = prepare(reader, "SELECT ? + (time - ?) // ? * ? AS bucket, count(*)"
                     + " FROM " + selection.schema().table() + " WHERE " + where.sql() + " GROUP BY bucket ORDER BY bucket", params);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getLong(1), rows.getLong(2));
            }
        }
        return counts;
    }

    /**
     * Runs an analysis statement over the matching logs, seen as a table {@code log} whose columns
     * are the logstore's content keys (as text; null in a log without the key) plus
     * {@code __time__}, {@code __topic__} and {@code __source__}. A column no log has is null
     * too, so a query for it answers nulls or no rows rather than an error. Rows come back as
     * ordered column-to-text maps.
     */
    List<Map<String, String>> analyze(LogSelection selection, String statement) throws SQLException {
        LogstoreSchema schema = selection.schema();
        SqlCondition where = selection.condition();
        StringBuilder columns = new StringBuilder();
        String from;
        if (schema.exists()) {
            columns.append("time AS \"__time__\", g.topic AS \"__topic__\", g.source AS \"__source__\"");
            Set<String> named = new HashSet<>(RESERVED);
            for (int position = 0; position < schema.keys.size(); position++) {
                String key = schema.keys.get(position);
                if (named.add(key)) {
                    columns.append(", ").append(LogstoreSchema.column(position)).append(" AS ").append(sqlIdentifier(key));
                }
            }
            for (String key : schema.extraKeys) {
                if (named.add(key)) {
                    // keys come from stored data: escaped as a literal and an identifier, never spliced raw
                    columns.append(", list_filter(").append(LogstoreSchema.EXTRA_PAIRS).append(", p -> p[1] = ")
                            .append(sqlLiteral(key)).append(")[1][2] AS ").append(sqlIdentifier(key));
                }
            }
            from = " FROM " + schema.table() + " JOIN " + GROUPS + " g ON g.id = grp WHERE " + where.sql();
        } else {
            columns.append("NULL::BIGINT AS \"__time__\", NULL::VARCHAR AS \"__topic__\", NULL::VARCHAR AS \"__source__\"");
            from = " WHERE FALSE";
        }
        Set<String> missing = new LinkedHashSet<>();
        try (Connection reader = writer.duplicate()) {
            while (true) {
                StringBuilder nulls = new StringBuilder();
                for (String column : missing) {
                    nulls.append(", NULL::VARCHAR AS ").append(sqlIdentifier(column));
                }
                String sql = "WITH " + QueryText.TABLE + " AS (SELECT " + columns + nulls + from + ") " + statement;
                try {
                    return run(reader, sql, schema.exists() ? where.params() : List.of());
                } catch (SQLException e) {
                    String column = missingColumn(e.getMessage());
                    if (column == null || missing.size() >= MAX_MISSING_COLUMNS || !missing.add(column)) {
                        throw e;
                    }
                }
            }
        }
    }

    private static String missingColumn(String message) {
        if (message == null) {
            return null;
        }
        Matcher matcher = MISSING_COLUMN.matcher(message);
        if (!matcher.find()) {
            return null;
        }
        return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    }

    private static List<Map<String, String>> run(Connection reader, String sql, List<Object> params) throws SQLException {
        List<Map<String, String>> result = new ArrayList<>();
        try (PreparedStatement query = prepare(reader, sql, params);
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

    /** Bytes of the database file and its write-ahead log. */
    long diskBytes(Path dataDir) {
        long bytes = 0;
        for (String name : List.of(FILE_NAME, FILE_NAME + ".wal")) {
            try {
                bytes += Files.size(dataDir.resolve(name));
            } catch (IOException e) {
                // not there (yet)
            }
        }
        return bytes;
    }

    /** Writes everything to the database file so a restart finds it, then closes. */
    @Override
    public void close() {
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

    private static String pairsJson(List<String[]> pairs) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            for (String[] pair : pairs) {
                json.writeStartArray();
                json.writeString(pair[0]);
                json.writeString(pair[1]);
                json.writeEndArray();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static List<String[]> parsePairs(String text) throws SQLException {
        List<String[]> pairs = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(text)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.START_ARRAY) {
                parser.nextToken();
                String key = parser.getText();
                parser.nextToken();
                String value = parser.getText();
                parser.nextToken();
                pairs.add(new String[] {key, value});
            }
        } catch (IOException e) {
            throw new SQLException("a stored extra column is not a JSON array of pairs: " + e.getMessage(), e);
        }
        return pairs;
    }
}
