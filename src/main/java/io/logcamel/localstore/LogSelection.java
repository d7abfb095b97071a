package io.logcamel.localstore;

/**
 * Which logs a GetLogs request reads: one logstore (as laid out when the request came), a time
 * range {@code [from, to)} in seconds, an optional topic and the search condition.
 */
record LogSelection(LogstoreSchema schema, long from, long to, String topic, SqlCondition search) {

    SqlCondition condition() {
        SqlCondition base = SqlCondition.of("time >= ? AND time < ?", from, to);
        if (topic != null && !topic.isEmpty()) {
            base = base.and(SqlCondition.of("topic = ?", topic));
        }
        return search == SqlCondition.TRUE ? base : base.and(search);
    }
}
