package io.logcamel.localstore;

/**
 * Which logs a GetLogs request reads: one logstore (as laid out when the request came), a time
 * range {@code [from, to)} in seconds, an optional topic and the search condition.
 */
record LogSelection(LogstoreSchema schema, long from, long to, String topic, SqlCondition search) {

    SqlCondition condition() {
        SqlCondition base = SqlCondition.of("time >= ? AND time < ?", from, to);
        if (topic != null && !topic.isEmpty()) {
            base = base.and(ofGroups("topic = ?", java.util.List.of(topic)));
        }
        return search == SqlCondition.TRUE ? base : base.and(search);
    }

    /** Logs of the LogGroups whose topic, source or tags satisfy {@code condition} (see {@link LogTable#GROUPS}). */
    static SqlCondition ofGroups(String condition, java.util.List<Object> params) {
        return new SqlCondition("grp IN (SELECT id FROM " + LogTable.GROUPS + " WHERE " + condition + ")", params);
    }
}
