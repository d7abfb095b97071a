package io.logcamel.parse.time;

import io.logcamel.parse.OptionException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads duration options the way Camel writes them: {@code 5m}, {@code 24h}, {@code 1h30m},
 * {@code 500ms}, plain milliseconds ({@code 300000}) or ISO-8601 ({@code PT5M}). Camel's own
 * TimeUtils quietly reads a typo as 0, which here would mean "no limit"; so this is strict.
 */
final class DurationOption {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

    private DurationOption() {
    }

    /** @return nanoseconds; 0 or a negative value means "no limit" and comes back as 0 */
    static long nanos(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new OptionException(option, "a duration is required, e.g. 5m, 24h or 0 for no limit");
        }
        String trimmed = text.trim().toLowerCase();
        if (trimmed.startsWith("-")) {
            return 0;
        }
        try {
            Duration duration;
            if (trimmed.chars().allMatch(Character::isDigit)) {
                duration = Duration.ofMillis(Long.parseLong(trimmed));
            } else if (trimmed.startsWith("pt") || trimmed.startsWith("p")) {
                duration = Duration.parse(trimmed.toUpperCase());
            } else {
                duration = parts(trimmed);
            }
            return duration.isNegative() ? 0 : duration.toNanos();
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw invalid(option, text);
        }
    }

    private static Duration parts(String text) {
        Matcher part = PART.matcher(text);
        Duration total = Duration.ZERO;
        int position = 0;
        while (part.lookingAt()) {
            long amount = Long.parseLong(part.group(1));
            switch (part.group(2)) {
                case "d": total = total.plusDays(amount); break;
                case "h": total = total.plusHours(amount); break;
                case "m": total = total.plusMinutes(amount); break;
                case "s": total = total.plusSeconds(amount); break;
                default: total = total.plusMillis(amount); break;
            }
            position = part.end();
            part.region(position, text.length());
        }
        if (position == 0 || position != text.length()) {
            throw new NumberFormatException(text);
        }
        return total;
    }

    private static OptionException invalid(String option, String text) {
        return new OptionException(option, "'" + text + "' is not a duration such as 5m, 24h, 1h30m, 500ms, 300000 (ms) or PT5M");
    }
}
