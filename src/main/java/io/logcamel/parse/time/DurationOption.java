package io.logcamel.parse.time;

import io.logcamel.parse.OptionException;
import org.apache.camel.util.TimeUtils;

/** Reads duration options written like Camel's own: {@code 5m}, {@code 24h}, {@code 1h30m}, {@code 300000} (ms). */
final class DurationOption {

    private DurationOption() {
    }

    /** @return nanoseconds; 0 or a negative value means "no limit" and comes back as 0 */
    static long nanos(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new OptionException(option, "a duration is required, e.g. 5m, 24h or 0 for no limit");
        }
        String trimmed = text.trim();
        if (trimmed.startsWith("-")) {
            return 0;
        }
        long millis;
        try {
            millis = TimeUtils.toMilliSeconds(trimmed);
        } catch (RuntimeException e) {
            throw new OptionException(option, "'" + text + "' is not a duration such as 5m, 24h, 1h30m or 300000 (ms)", e);
        }
        return millis <= 0 ? 0 : Math.multiplyExact(millis, 1_000_000L);
    }
}
