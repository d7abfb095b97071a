package io.logcamel.localstore;

import java.util.Locale;
import java.util.Set;

/**
 * Splits a Log Service query into its search part and its optional analysis statement
 * ({@code search | SELECT ...}), and completes the statement: Log Service SQL names no table, so
 * {@code FROM log} is added where the statement has none.
 */
record QueryText(String search, String analysis) {

    static final String TABLE = "log";
    private static final Set<String> CLAUSES_AFTER_FROM =
            Set.of("where", "group", "having", "order", "limit", "offset", "window", "qualify", "union", "except", "intersect");

    static QueryText parse(String query) {
        if (query == null) {
            return new QueryText("", null);
        }
        int bar = indexOutsideQuotes(query, '|');
        if (bar < 0) {
            return new QueryText(query.trim(), null);
        }
        String analysis = query.substring(bar + 1).trim();
        if (analysis.endsWith(";")) {
            analysis = analysis.substring(0, analysis.length() - 1).trim();
        }
        if (!analysis.regionMatches(true, 0, "select", 0, 6)) {
            throw LogstoreError.parameterInvalid("query: the analysis after '|' must be a SELECT statement");
        }
        // one statement, and no placeholders: the statement is prepared together with the search's parameters
        if (indexOutsideQuotes(analysis, ';') >= 0 || indexOutsideQuotes(analysis, '?') >= 0) {
            throw LogstoreError.parameterInvalid("query: the analysis may not contain ';' or '?'");
        }
        return new QueryText(query.substring(0, bar).trim(), analysis);
    }

    boolean hasAnalysis() {
        return analysis != null;
    }

    /** The analysis statement reading from {@link #TABLE}, with a LIMIT of {@code defaultLimit} if it has none. */
    String completedAnalysis(int defaultLimit) {
        String sql = analysis;
        if (topLevelKeyword(sql, "from") < 0) {
            int insertAt = sql.length();
            for (String clause : CLAUSES_AFTER_FROM) {
                int at = topLevelKeyword(sql, clause);
                if (at >= 0 && at < insertAt) {
                    insertAt = at;
                }
            }
            sql = sql.substring(0, insertAt).stripTrailing() + " FROM " + TABLE + " " + sql.substring(insertAt);
        }
        if (topLevelKeyword(sql, "limit") < 0) {
            sql = sql.stripTrailing() + " LIMIT " + defaultLimit;
        }
        return sql.trim();
    }

    /** Where {@code keyword} starts as a whole word outside quotes and parentheses, or -1. */
    static int topLevelKeyword(String sql, String keyword) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '\'', '"' -> quote = c;
                case '(' -> depth++;
                case ')' -> depth--;
                default -> {
                    if (depth == 0 && sql.regionMatches(true, i, keyword, 0, keyword.length())
                            && (i == 0 || !isWordChar(sql.charAt(i - 1)))
                            && (i + keyword.length() == sql.length() || !isWordChar(sql.charAt(i + keyword.length())))) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static int indexOutsideQuotes(String text, char wanted) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == wanted) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return search + (analysis == null ? "" : " | " + analysis.toLowerCase(Locale.ROOT));
    }
}
