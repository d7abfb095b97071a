package io.logcamel.parse.time;

/**
 * Epoch numbers in a unit (seconds, millis, micros or nanos), with an optional decimal fraction
 * of that unit: {@code 1732406400.5} seconds or {@code 1732406400123.456} millis.
 */
public final class EpochFormat implements TimeParser {

    private final long unitNanos;

    public EpochFormat(long unitNanos) {
        this.unitNanos = unitNanos;
    }

    @Override
    public boolean parse(String text, long nowSeconds, ParsedTime out) {
        int length = text.length();
        int i = 0;
        long whole = 0;
        int digits = 0;
        while (i < length && isDigit(text.charAt(i))) {
            if (++digits > 19) {
                return false;
            }
            whole = whole * 10 + (text.charAt(i++) - '0');
        }
        if (digits == 0 || whole < 0) {
            return false;
        }
        long fractionNanos = 0; // the fraction of one unit, in nanoseconds
        if (i < length && text.charAt(i) == '.') {
            i++;
            long scale = unitNanos;
            long fraction = 0;
            int fractionDigits = 0;
            while (i < length && isDigit(text.charAt(i))) {
                if (scale >= 10) {
                    scale /= 10;
                    fraction += (text.charAt(i) - '0') * scale;
                }
                i++;
                fractionDigits++;
            }
            if (fractionDigits == 0) {
                return false;
            }
            fractionNanos = fraction;
        }
        if (i != length) {
            return false;
        }
        long perSecond = 1_000_000_000L / unitNanos;
        long seconds = whole / perSecond;
        long nanos = (whole % perSecond) * unitNanos + fractionNanos;
        out.set(seconds, (int) nanos);
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
