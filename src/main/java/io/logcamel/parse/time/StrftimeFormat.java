package io.logcamel.parse.time;

import io.logcamel.parse.OptionException;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * strptime-style time formats, compiled once into a list of steps and parsed without
 * allocation: no java.time objects unless a zone with daylight saving must be consulted.
 *
 * <p>Directives: {@code %Y} (4-digit year) {@code %y} (2-digit: 69-99 are 19xx) {@code %m}
 * {@code %d} {@code %e} {@code %H} {@code %I} {@code %M} {@code %S} (1 or 2 digits)
 * {@code %b %h %B} (English month name, short or full) {@code %a %A} (day name, skipped)
 * {@code %p} (AM/PM) {@code %z} ({@code Z}, {@code +hh}, {@code +hhmm}, {@code +hh:mm})
 * {@code %s} (epoch seconds) {@code %f} (fraction of a second, 1-9 digits, more are read and
 * ignored) {@code %3f %6f %9f} (exactly that many digits: milli, micro, nano)
 * {@code %T}=%H:%M:%S {@code %F}=%Y-%m-%d {@code %D}=%m/%d/%y {@code %R}=%H:%M
 * {@code %n %t} (white space) {@code %%}. White space in the format matches any run of white
 * space (or none), as in strptime. The whole text must be consumed.
 *
 * <p>Without {@code %z} the configured zone applies. Without a year (syslog's
 * {@code %b %d %H:%M:%S}) the current year is assumed, or the previous one if that would put
 * the time more than a day in the future (December lines read in January).
 */
public final class StrftimeFormat implements TimeParser {

    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december"};
    private static final String[] DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    private static final int NO_OFFSET = Integer.MIN_VALUE;

    /** One compiled step: a directive letter (or LITERAL / SPACE) and, for %Nf, its width. */
    private static final char LITERAL = 'L';
    private static final char SPACE = '_';

    private final char[] ops;
    private final int[] widths;
    private final String[] literals;
    private final ZoneRules zoneRules;
    private final int fixedOffset;
    private final String format;

    /** A step as compiled; flattened into parallel arrays for the parse loop. */
    private record Step(char op, int width, String literal) {
    }

    private StrftimeFormat(List<Step> steps, ZoneId zone, String format) {
        int n = steps.size();
        this.ops = new char[n];
        this.widths = new int[n];
        this.literals = new String[n];
        for (int i = 0; i < n; i++) {
            ops[i] = steps.get(i).op();
            widths[i] = steps.get(i).width();
            literals[i] = steps.get(i).literal();
        }
        this.zoneRules = zone.getRules();
        this.fixedOffset = zoneRules.isFixedOffset() ? zoneRules.getOffset(java.time.Instant.EPOCH).getTotalSeconds() : NO_OFFSET;
        this.format = format;
    }

    public static StrftimeFormat compile(String format, ZoneId zone) {
        if (format == null || format.isEmpty()) {
            throw new OptionException("format", "a time format is required");
        }
        List<Step> steps = new ArrayList<>();
        compileInto(format, format, steps);
        return new StrftimeFormat(steps, zone, format);
    }

    private static void compileInto(String format, String whole, List<Step> steps) {
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (Character.isWhitespace(c)) {
                steps.add(new Step(SPACE, 0, null));
                while (i + 1 < format.length() && Character.isWhitespace(format.charAt(i + 1))) {
                    i++;
                }
                continue;
            }
            if (c != '%') {
                steps.add(new Step(LITERAL, 0, String.valueOf(c)));
                continue;
            }
            if (i + 1 >= format.length()) {
                throw new OptionException("format", "'%' at the end of '" + whole + "'");
            }
            char d = format.charAt(++i);
            int width = 0;
            if (d >= '1' && d <= '9' && i + 1 < format.length() && format.charAt(i + 1) == 'f') {
                width = d - '0';
                d = format.charAt(++i);
            }
            switch (d) {
                case 'Y': case 'y': case 's':
                case 'm': case 'd': case 'e': case 'H': case 'I': case 'M': case 'S': case 'b': case 'h': case 'B':
                case 'a': case 'A': case 'p': case 'z': case 'f':
                    steps.add(new Step(d == 'h' || d == 'B' ? 'b' : d == 'A' ? 'a' : d, width, null));
                    break;
                case 'T': compileInto("%H:%M:%S", whole, steps); break;
                case 'F': compileInto("%Y-%m-%d", whole, steps); break;
                case 'D': compileInto("%m/%d/%y", whole, steps); break;
                case 'R': compileInto("%H:%M", whole, steps); break;
                case 'n': case 't': steps.add(new Step(SPACE, 0, null)); break;
                case '%': steps.add(new Step(LITERAL, 0, "%")); break;
                default:
                    throw new OptionException("format", "unknown time directive %" + d + " in '" + whole + "'");
            }
        }
    }

    public String format() {
        return format;
    }

    @Override
    public boolean parse(String text, long nowSeconds, ParsedTime out) {
        int length = text.length();
        int pos = 0;
        int year = Integer.MIN_VALUE, month = 1, day = 1, hour = 0, minute = 0, second = 0, nanos = 0;
        int pm = -1;
        int offset = NO_OFFSET;
        long epoch = Long.MIN_VALUE;
        for (int step = 0; step < ops.length; step++) {
            char op = ops[step];
            switch (op) {
                case LITERAL: {
                    if (pos >= length || text.charAt(pos) != literals[step].charAt(0)) {
                        return false;
                    }
                    pos++;
                    break;
                }
                case SPACE: {
                    while (pos < length && Character.isWhitespace(text.charAt(pos))) {
                        pos++;
                    }
                    break;
                }
                case 'Y': case 'y': case 'm': case 'd': case 'e': case 'H': case 'I': case 'M': case 'S': case 's': {
                    if (op == 'e') {
                        while (pos < length && text.charAt(pos) == ' ') {
                            pos++;
                        }
                    }
                    int maxDigits = op == 'Y' ? 4 : op == 's' ? 12 : 2;
                    int minDigits = op == 'Y' ? 4 : op == 'y' ? 2 : 1;
                    long value = 0;
                    int start = pos;
                    while (pos < length && pos - start < maxDigits && isDigit(text.charAt(pos))) {
                        value = value * 10 + (text.charAt(pos++) - '0');
                    }
                    if (pos - start < minDigits) {
                        return false;
                    }
                    int v = (int) value;
                    switch (op) {
                        case 'Y': year = v; break;
                        case 'y': year = v >= 69 ? 1900 + v : 2000 + v; break;
                        case 'm': month = v; break;
                        case 'd': case 'e': day = v; break;
                        case 'H': hour = v; break;
                        case 'I': hour = v; if (pm < 0) { pm = 2; } break; // 2 = 12-hour clock, AM/PM unknown yet
                        case 'M': minute = v; break;
                        case 'S': second = v; break;
                        default: epoch = value; break;
                    }
                    break;
                }
                case 'f': {
                    int width = widths[step];
                    int start = pos;
                    int scale = 100_000_000;
                    nanos = 0;
                    while (pos < length && isDigit(text.charAt(pos)) && (width == 0 || pos - start < width)) {
                        nanos += (text.charAt(pos++) - '0') * scale;
                        scale /= 10;
                    }
                    int digits = pos - start;
                    if (digits == 0 || (width != 0 && digits != width)) {
                        return false;
                    }
                    break;
                }
                case 'b': {
                    int month0 = matchName(text, pos, MONTHS);
                    if (month0 < 0) {
                        return false;
                    }
                    month = (month0 & 0xff) + 1;
                    pos += month0 >>> 8;
                    break;
                }
                case 'a': {
                    int day0 = matchName(text, pos, DAYS);
                    if (day0 < 0) {
                        return false;
                    }
                    pos += day0 >>> 8;
                    break;
                }
                case 'p': {
                    if (pos + 2 > length || Character.toUpperCase(text.charAt(pos + 1)) != 'M') {
                        return false;
                    }
                    char a = Character.toUpperCase(text.charAt(pos));
                    if (a != 'A' && a != 'P') {
                        return false;
                    }
                    pm = a == 'P' ? 1 : 0;
                    pos += 2;
                    break;
                }
                case 'z': {
                    if (pos < length && (text.charAt(pos) == 'Z' || text.charAt(pos) == 'z')) {
                        offset = 0;
                        pos++;
                        break;
                    }
                    if (pos + 3 > length) {
                        return false;
                    }
                    char sign = text.charAt(pos);
                    if ((sign != '+' && sign != '-') || !isDigit(text.charAt(pos + 1)) || !isDigit(text.charAt(pos + 2))) {
                        return false;
                    }
                    int hours = (text.charAt(pos + 1) - '0') * 10 + (text.charAt(pos + 2) - '0');
                    pos += 3;
                    int minutes = 0;
                    if (pos < length && text.charAt(pos) == ':') {
                        pos++;
                    }
                    if (pos + 2 <= length && isDigit(text.charAt(pos)) && isDigit(text.charAt(pos + 1))) {
                        minutes = (text.charAt(pos) - '0') * 10 + (text.charAt(pos + 1) - '0');
                        pos += 2;
                    } else if (text.charAt(pos - 1) == ':') {
                        return false;
                    }
                    if (hours > 18 || minutes > 59) {
                        return false;
                    }
                    offset = (hours * 3600 + minutes * 60) * (sign == '-' ? -1 : 1);
                    break;
                }
                default:
                    throw new IllegalStateException("unhandled step " + op);
            }
        }
        if (pos != length) {
            return false;
        }
        if (epoch != Long.MIN_VALUE) {
            out.set(epoch, nanos);
            return true;
        }
        if (pm >= 0) {
            if (hour < 1 || hour > 12) {
                return false;
            }
            hour = hour % 12 + (pm == 1 ? 12 : 0);
        }
        if (second == 60) {
            second = 59; // a leap second: keep the line, one second early
        }
        boolean guessYear = year == Integer.MIN_VALUE;
        if (guessYear) {
            year = yearOf(nowSeconds);
        }
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59) {
            return false;
        }
        long seconds = toEpochSeconds(year, month, day, hour, minute, second, offset);
        if (guessYear && seconds > nowSeconds + 86_400) {
            year--;
            if (day > daysInMonth(year, month)) {
                return false;
            }
            seconds = toEpochSeconds(year, month, day, hour, minute, second, offset);
        }
        out.set(seconds, nanos);
        return true;
    }

    private long toEpochSeconds(int year, int month, int day, int hour, int minute, int second, int offset) {
        long local = daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
        if (offset != NO_OFFSET) {
            return local - offset;
        }
        if (fixedOffset != NO_OFFSET) {
            return local - fixedOffset;
        }
        // a zone with daylight saving: in an overlap the earlier offset, in a gap the one before it
        ZoneOffset zoneOffset = zoneRules.getOffset(LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC));
        return local - zoneOffset.getTotalSeconds();
    }

    private int yearOf(long epochSeconds) {
        int offsetSeconds = fixedOffset != NO_OFFSET ? fixedOffset
                : zoneRules.getOffset(java.time.Instant.ofEpochSecond(epochSeconds)).getTotalSeconds();
        return LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.ofTotalSeconds(offsetSeconds)).getYear();
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }

    /**
     * Matches a full or three-letter English name, ignoring case.
     * @return the index in the low byte and the length matched above it, or -1
     */
    private static int matchName(String text, int pos, String[] names) {
        if (pos + 3 > text.length()) {
            return -1;
        }
        for (int n = 0; n < names.length; n++) {
            String name = names[n];
            if (text.regionMatches(true, pos, name, 0, 3)) {
                int matched = text.regionMatches(true, pos, name, 0, name.length()) ? name.length() : 3;
                return (matched << 8) | n;
            }
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
