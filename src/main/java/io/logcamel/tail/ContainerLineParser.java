package io.logcamel.tail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Takes one line written by a container runtime apart: its time, its stream, whether it is a
 * partial line (more of the same line follows) and the application's text. One parser per file;
 * the result lives in the parser's fields until the next call, so nothing is allocated per line
 * but the content string and the {@link LineOrigin}.
 */
final class ContainerLineParser {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final ContainerLogFormat format;
    long seconds;
    int nanos;
    String stream;
    boolean partial;
    String content;

    ContainerLineParser(ContainerLogFormat format) {
        if (format == ContainerLogFormat.PLAIN) {
            throw new IllegalArgumentException("a plain file has no container framing");
        }
        this.format = format;
    }

    /** @return false when the line is not in the format (its fields are then undefined) */
    boolean parse(String line) {
        return switch (format) {
            case CRI -> parseCri(line);
            case DOCKER -> parseDocker(line);
            default -> !line.isEmpty() && line.charAt(0) == '{' ? parseDocker(line) : parseCri(line);
        };
    }

    /** {@code 2026-12-02T05:34:43.123456789Z stdout F text}; the tag's first {@code :}-separated element is P or F. */
    boolean parseCri(String line) {
        int timeEnd = line.indexOf(' ');
        if (timeEnd <= 0 || !parseTime(line, 0, timeEnd)) {
            return false;
        }
        int streamEnd = line.indexOf(' ', timeEnd + 1);
        if (streamEnd < 0) {
            return false;
        }
        stream = streamOf(line, timeEnd + 1, streamEnd);
        if (stream == null) {
            return false;
        }
        int tagEnd = line.indexOf(' ', streamEnd + 1);
        int tagStop = tagEnd < 0 ? line.length() : tagEnd;
        if (tagStop == streamEnd + 1) {
            return false;
        }
        char kind = line.charAt(streamEnd + 1);
        boolean oneElement = tagStop == streamEnd + 2 || line.charAt(streamEnd + 2) == ':';
        if (!oneElement || kind != 'P' && kind != 'F') {
            return false;
        }
        partial = kind == 'P';
        content = tagEnd < 0 ? "" : line.substring(tagEnd + 1);
        return true;
    }

    boolean parseDocker(String line) {
        String log = null;
        String streamName = null;
        boolean timed = false;
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            JsonToken token;
            while ((token = json.nextToken()) == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                switch (name) {
                    case "log" -> log = value == JsonToken.VALUE_STRING ? json.getText() : null;
                    case "stream" -> streamName = value == JsonToken.VALUE_STRING ? json.getText() : null;
                    case "time" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            return false;
                        }
                        String time = json.getText();
                        timed = parseTime(time, 0, time.length());
                    }
                    default -> json.skipChildren(); // attrs (log-opts labels/env) and anything newer
                }
            }
            if (token != JsonToken.END_OBJECT || json.nextToken() != null) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        if (log == null || !timed || streamName == null) {
            return false;
        }
        stream = streamOf(streamName, 0, streamName.length());
        if (stream == null) {
            return false;
        }
        // Docker keeps the newline in "log"; a log without one is a part of a longer line (cut at 16 KiB)
        partial = !log.endsWith("\n");
        int end = log.length();
        if (!partial) {
            end--;
            if (end > 0 && log.charAt(end - 1) == '\r') {
                end--;
            }
        }
        content = end == log.length() ? log : log.substring(0, end);
        return true;
    }

    private static String streamOf(String text, int from, int to) {
        if (text.startsWith(LineOrigin.STDOUT, from) && to - from == 6) {
            return LineOrigin.STDOUT;
        }
        if (text.startsWith(LineOrigin.STDERR, from) && to - from == 6) {
            return LineOrigin.STDERR;
        }
        return null;
    }

    /**
     * RFC 3339 with up to nine fraction digits and {@code Z} or a {@code ±hh:mm} offset, by hand:
     * {@code OffsetDateTime.parse} costs more than the rest of a line's handling together.
     */
    boolean parseTime(String text, int from, int to) {
        int length = to - from;
        if (length < 20 || text.charAt(from + 4) != '-' || text.charAt(from + 7) != '-'
                || (text.charAt(from + 10) != 'T' && text.charAt(from + 10) != 't')
                || text.charAt(from + 13) != ':' || text.charAt(from + 16) != ':') {
            return false;
        }
        int year = digits(text, from, 4);
        int month = digits(text, from + 5, 2);
        int day = digits(text, from + 8, 2);
        int hour = digits(text, from + 11, 2);
        int minute = digits(text, from + 14, 2);
        int second = digits(text, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return false;
        }
        int i = from + 19;
        int fraction = 0;
        if (text.charAt(i) == '.') {
            i++;
            int digitsRead = 0;
            while (i < to && Character.isDigit(text.charAt(i))) {
                if (digitsRead < 9) {
                    fraction = fraction * 10 + (text.charAt(i) - '0');
                }
                digitsRead++;
                i++;
            }
            if (digitsRead == 0) {
                return false;
            }
            for (int d = digitsRead; d < 9; d++) {
                fraction *= 10;
            }
        }
        if (i >= to) {
            return false;
        }
        int offsetSeconds;
        char zone = text.charAt(i);
        if ((zone == 'Z' || zone == 'z') && i + 1 == to) {
            offsetSeconds = 0;
        } else if ((zone == '+' || zone == '-') && to - i == 6 && text.charAt(i + 3) == ':') {
            int offsetHours = digits(text, i + 1, 2);
            int offsetMinutes = digits(text, i + 4, 2);
            if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) {
                return false;
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (zone == '-' ? -1 : 1);
        } else {
            return false;
        }
        long days = daysFromCivil(year, month, day);
        // a leap second (:60) is folded into the next second, as java.time does
        seconds = days * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        nanos = fraction;
        return true;
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }
}
