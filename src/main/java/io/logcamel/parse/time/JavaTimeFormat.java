package io.logcamel.parse.time;

import io.logcamel.parse.OptionException;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link DateTimeFormatter} pattern (English month and day names) or one of its ISO constants.
 * A text with an offset or zone uses it; otherwise the configured time zone applies.
 */
public final class JavaTimeFormat implements TimeParser {

    private static final Map<String, DateTimeFormatter> CONSTANTS = Map.of(
            "ISO_INSTANT", DateTimeFormatter.ISO_INSTANT,
            "ISO_OFFSET_DATE_TIME", DateTimeFormatter.ISO_OFFSET_DATE_TIME,
            "ISO_ZONED_DATE_TIME", DateTimeFormatter.ISO_ZONED_DATE_TIME,
            "ISO_LOCAL_DATE_TIME", DateTimeFormatter.ISO_LOCAL_DATE_TIME,
            "ISO_DATE_TIME", DateTimeFormatter.ISO_DATE_TIME,
            "RFC_1123_DATE_TIME", DateTimeFormatter.RFC_1123_DATE_TIME);

    private final DateTimeFormatter formatter;
    private final ZoneId zone;

    private JavaTimeFormat(DateTimeFormatter formatter, ZoneId zone) {
        this.formatter = formatter;
        this.zone = zone;
    }

    public static JavaTimeFormat compile(String pattern, ZoneId zone) {
        DateTimeFormatter constant = CONSTANTS.get(pattern);
        if (constant != null) {
            return new JavaTimeFormat(constant, zone);
        }
        try {
            return new JavaTimeFormat(DateTimeFormatter.ofPattern(pattern, Locale.US), zone);
        } catch (IllegalArgumentException e) {
            throw new OptionException("format", "invalid DateTimeFormatter pattern '" + pattern + "': " + e.getMessage(), e);
        }
    }

    @Override
    public boolean parse(String text, long nowSeconds, ParsedTime out) {
        try {
            TemporalAccessor parsed = formatter.parse(text);
            long seconds;
            if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
                seconds = parsed.getLong(ChronoField.INSTANT_SECONDS);
            } else {
                LocalDate date = parsed.query(TemporalQueries.localDate());
                if (date == null) {
                    return false;
                }
                LocalTime time = parsed.query(TemporalQueries.localTime());
                LocalDateTime local = date.atTime(time == null ? LocalTime.MIDNIGHT : time);
                ZoneId own = parsed.query(TemporalQueries.zone());
                seconds = local.atZone(own == null ? zone : own).toEpochSecond();
            }
            int nanos = parsed.isSupported(ChronoField.NANO_OF_SECOND) ? parsed.get(ChronoField.NANO_OF_SECOND) : 0;
            out.set(seconds, nanos);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
