package io.logcamel.input.syslog;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/** Reads the two syslog timestamp forms into instants. */
final class SyslogTimestamps {

    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };

    private SyslogTimestamps() {
    }

    /** RFC 5424 / RFC 3339 ({@code 2003-10-11T22:14:15.003Z}, any offset, up to 9 fraction digits); null if invalid. */
    static Instant parseRfc3339(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * An RFC 3164 timestamp {@code Mmm dd hh:mm:ss} (day space-padded) starting at {@code from}, or
     * null. It has no year and no zone: it is read in {@code zone}, in the year that puts it
     * closest to {@code now}, so a December message received in January lands in last year.
     */
    static Instant parseRfc3164(String text, int from, ZoneId zone, Instant now) {
        if (text.length() < from + 15 || text.charAt(from + 3) != ' ' || text.charAt(from + 6) != ' '
                || text.charAt(from + 9) != ':' || text.charAt(from + 12) != ':') {
            return null;
        }
        int month = monthIndex(text, from);
        int day = number(text, from + 4, from + 6);
        int hour = number(text, from + 7, from + 9);
        int minute = number(text, from + 10, from + 12);
        int second = number(text, from + 13, from + 15);
        if (month < 0 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 60) {
            return null;
        }
        int year = now.atZone(zone).getYear();
        try {
            ZonedDateTime candidate = LocalDateTime.of(year, Month.of(month + 1), day, hour, minute, Math.min(second, 59))
                    .atZone(zone);
            if (candidate.toInstant().isAfter(now.plusSeconds(2 * 86_400))) {
                candidate = candidate.minusYears(1);
            } else if (candidate.toInstant().isBefore(now.minusSeconds(363L * 86_400))) {
                candidate = candidate.plusYears(1);
            }
            return candidate.toInstant();
        } catch (java.time.DateTimeException e) {
            return null; // Feb 30 and the like
        }
    }

    private static int monthIndex(String text, int from) {
        for (int i = 0; i < MONTHS.length; i++) {
            if (text.regionMatches(from, MONTHS[i], 0, 3)) {
                return i;
            }
        }
        return -1;
    }

    /** Digits in [from, to), a leading space allowed (the padded day); -1 if anything else. */
    private static int number(String text, int from, int to) {
        int value = 0;
        boolean digits = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == ' ' && !digits && i < to - 1) {
                continue;
            }
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
            digits = true;
        }
        return digits ? value : -1;
    }
}
