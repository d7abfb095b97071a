package io.logcamel.localstore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How one logstore's logs are laid out in its table, as an immutable snapshot that queries read
 * while the indexer works on the next one.
 *
 * <p>Each content key gets a column of its own ({@code c0}, {@code c1}, ... in the order keys were
 * first seen), so {@code status: 500} scans one compressed column instead of parsing every log.
 * Past {@code maxColumns} keys, and for a key repeated within one log, the pair goes to the
 * {@code extra} column (a JSON array of {@code [key, value]} pairs). A log's {@code shape}
 * numbers the order of its keys: a list of column positions, {@code -1} meaning "the next pair
 * of {@code extra}"; most logs of a logstore share a handful of shapes.
 */
final class LogstoreSchema {

    static final int EXTRA = -1;
    /** The value type {@code from_json} reads {@code extra} as. */
    static final String EXTRA_PAIRS = "from_json(extra, '[[\"VARCHAR\"]]')";

    final int id;
    final String project;
    final String logstore;
    /** Key of each column, by position. */
    final List<String> keys;
    final Map<String, Integer> columns;
    /** Keys that some log keeps in {@code extra}. */
    final Set<String> extraKeys;
    final List<int[]> shapes;
    final Map<Shape, Integer> shapeIds;

    private LogstoreSchema(int id, String project, String logstore, List<String> keys, Set<String> extraKeys,
                           List<int[]> shapes) {
        this.id = id;
        this.project = project;
        this.logstore = logstore;
        this.keys = Collections.unmodifiableList(keys);
        Map<String, Integer> byKey = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            byKey.put(keys.get(i), i);
        }
        this.columns = Collections.unmodifiableMap(byKey);
        this.extraKeys = Collections.unmodifiableSet(extraKeys);
        this.shapes = Collections.unmodifiableList(shapes);
        Map<Shape, Integer> ids = new HashMap<>();
        for (int i = 0; i < shapes.size(); i++) {
            ids.put(new Shape(shapes.get(i)), i);
        }
        this.shapeIds = Collections.unmodifiableMap(ids);
    }

    static LogstoreSchema of(int id, String project, String logstore, List<String> keys, Set<String> extraKeys,
                             List<int[]> shapes) {
        return new LogstoreSchema(id, project, logstore, new ArrayList<>(keys), new HashSet<>(extraKeys),
                new ArrayList<>(shapes));
    }

    /** The schema of a logstore nothing was written to: no table, every key unknown. */
    static LogstoreSchema absent(String project, String logstore) {
        return new LogstoreSchema(-1, project, logstore, new ArrayList<>(), new HashSet<>(), new ArrayList<>());
    }

    boolean exists() {
        return id >= 0;
    }

    String table() {
        return "logs_" + id;
    }

    static String column(int position) {
        return "c" + position;
    }

    /**
     * A condition that holds when some value of {@code key} satisfies {@code test}: {@code test}
     * turns a value expression into SQL with {@code ?} placeholders for {@code params}. False
     * when no log of this logstore has the key.
     */
    SqlCondition valueOf(String key, UnaryOperator<String> test, List<Object> params) {
        SqlCondition condition = null;
        Integer position = columns.get(key);
        if (position != null) {
            condition = new SqlCondition(test.apply(column(position)), params);
        }
        if (extraKeys.contains(key)) {
            List<Object> extraParams = new ArrayList<>();
            extraParams.add(key);
            extraParams.addAll(params);
            SqlCondition inExtra = new SqlCondition("len(list_filter(" + EXTRA_PAIRS + ", p -> p[1] = ? AND "
                    + test.apply("p[2]") + ")) > 0", extraParams);
            condition = condition == null ? inExtra : condition.or(inExtra);
        }
        return condition == null ? SqlCondition.FALSE : condition;
    }

    /** A condition that holds when any content value satisfies {@code test} (see {@link #valueOf}). */
    SqlCondition anyValue(UnaryOperator<String> test, List<Object> params) {
        SqlCondition condition = null;
        for (int position = 0; position < keys.size(); position++) {
            SqlCondition one = new SqlCondition(test.apply(column(position)), params);
            condition = condition == null ? one : condition.or(one);
        }
        if (!extraKeys.isEmpty()) {
            SqlCondition inExtra = new SqlCondition("len(list_filter(" + EXTRA_PAIRS + ", p -> " + test.apply("p[2]")
                    + ")) > 0", params);
            condition = condition == null ? inExtra : condition.or(inExtra);
        }
        return condition == null ? SqlCondition.FALSE : condition;
    }

    /** An int[] compared by content, to look shapes up. */
    record Shape(int[] positions) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Shape shape && Arrays.equals(positions, shape.positions);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(positions);
        }
    }

    static String encodeShape(int[] positions) {
        StringBuilder text = new StringBuilder(positions.length * 3);
        for (int i = 0; i < positions.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(positions[i]);
        }
        return text.toString();
    }

    static int[] decodeShape(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(",");
        int[] positions = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            positions[i] = Integer.parseInt(parts[i]);
        }
        return positions;
    }
}
