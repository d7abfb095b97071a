package io.logcamel.localstore;

/**
 * Which logs a GetLogs request reads: one logstore, a time range {@code [from, to)} in seconds, an
 * optional topic and the search condition.
 */
record LogSelection(String project, String logstore, long from, long to, String topic, SqlCondition search) {

    SqlCondition condition() {
        SqlCondition base = SqlCondition.of("project = ? AND logstore = ? AND time >= ? AND time < ?",
                project, logstore, from, to);
        if (topic != null && !topic.isEmpty()) {
            base = base.and(SqlCondition.of("topic = ?", topic));
        }
        return search == SqlCondition.TRUE ? base : base.and(search);
    }
}
