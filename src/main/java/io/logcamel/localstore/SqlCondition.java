package io.logcamel.localstore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A SQL boolean expression with {@code ?} placeholders and the values that fill them, in order. */
record SqlCondition(String sql, List<Object> params) {

    static final SqlCondition TRUE = new SqlCondition("TRUE", List.of());
    static final SqlCondition FALSE = new SqlCondition("FALSE", List.of());

    SqlCondition {
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }

    static SqlCondition of(String sql, Object... params) {
        return new SqlCondition(sql, List.of(params));
    }

    SqlCondition and(SqlCondition other) {
        return combine("AND", other);
    }

    SqlCondition or(SqlCondition other) {
        return combine("OR", other);
    }

    SqlCondition negate() {
        return new SqlCondition("(NOT " + sql + ")", params);
    }

    private SqlCondition combine(String operator, SqlCondition other) {
        List<Object> all = new ArrayList<>(params);
        all.addAll(other.params);
        return new SqlCondition("(" + sql + " " + operator + " " + other.sql + ")", all);
    }
}
