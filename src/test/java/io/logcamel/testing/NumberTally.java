package io.logcamel.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-number oracle: a test writes records numbered {@code 0..n-1}; this reads back how often
 * each number was stored (one SQL group-by over the field holding the number) and says which
 * numbers are missing and how many extra copies arrived.
 */
public final class NumberTally {

    private final long expected;
    private final List<Long> lost;
    private final long duplicates;
    private final long unexpected;

    private NumberTally(long expected, List<Long> lost, long duplicates, long unexpected) {
        this.expected = expected;
        this.lost = lost;
        this.duplicates = duplicates;
        this.unexpected = unexpected;
    }

    /**
     * @param filter a search query selecting the test's records, e.g. {@code app_name: udp-1234}
     * @param field  the field holding the number (its text is parsed as a long)
     */
    public static NumberTally read(LogstoreReader reader, String logstore, String filter, String field, long expected)
            throws Exception {
        List<Map<String, String>> rows = reader.query(logstore, filter + " | SELECT " + field + " AS n, count(*) AS c"
                + " GROUP BY " + field + " LIMIT 100000000", 100, 0);
        Map<Long, Long> counts = new HashMap<>();
        long unexpected = 0;
        for (Map<String, String> row : rows) {
            long number;
            try {
                number = Long.parseLong(row.get("n").trim());
            } catch (RuntimeException e) {
                unexpected += Long.parseLong(row.get("c"));
                continue;
            }
            counts.merge(number, Long.parseLong(row.get("c")), Long::sum);
        }
        List<Long> lost = new ArrayList<>();
        long duplicates = 0;
        for (long n = 0; n < expected; n++) {
            Long count = counts.remove(n);
            if (count == null) {
                lost.add(n);
            } else {
                duplicates += count - 1;
            }
        }
        for (long count : counts.values()) {
            unexpected += count;
        }
        return new NumberTally(expected, lost, duplicates, unexpected);
    }

    public long expected() {
        return expected;
    }

    /** Numbers written and never stored. */
    public List<Long> lost() {
        return lost;
    }

    /** Copies beyond the first of numbers stored more than once. */
    public long duplicates() {
        return duplicates;
    }

    /** Records of the selection whose field is not one of the numbers written. */
    public long unexpected() {
        return unexpected;
    }

    /** Numbers stored at least once. */
    public long stored() {
        return expected - lost.size();
    }

    @Override
    public String toString() {
        return expected + " written, " + stored() + " stored, " + lost.size() + " lost"
                + (lost.isEmpty() ? "" : " (first " + lost.subList(0, Math.min(10, lost.size())) + ")")
                + ", " + duplicates + " duplicates, " + unexpected + " unexpected";
    }
}
