package io.logcamel.parse.delimiter;

import io.logcamel.parse.KeyList;
import io.logcamel.parse.LineFormat;
import io.logcamel.parse.LineParser;
import io.logcamel.parse.OptionException;
import io.logcamel.parse.ParsedFields;

/**
 * Separator-delimited fields, CSV-style: a field that starts with the quote character runs to
 * the matching quote, may contain separators, and writes a quote as two quotes. Unquoted fields
 * are taken verbatim (no trimming). The separator may be several characters long.
 */
public final class DelimiterFormat implements LineFormat {

    private final String separator;
    private final char separatorChar;
    private final char quote;
    private final boolean quoting;
    private final String[] keys;
    private final FewerFields fewer;
    private final MoreFields more;

    private DelimiterFormat(String separator, String quote, String[] keys, FewerFields fewer, MoreFields more) {
        this.separator = separator;
        this.separatorChar = separator.charAt(0);
        this.quoting = !quote.isEmpty();
        this.quote = quoting ? quote.charAt(0) : 0;
        this.keys = keys;
        this.fewer = fewer;
        this.more = more;
    }

    public static DelimiterFormat compile(String separator, String quote, String keyList,
                                          FewerFields fewer, MoreFields more) {
        if (separator == null || separator.isEmpty()) {
            throw new OptionException("separator", "must not be empty");
        }
        String quoteText = quote == null ? "" : quote;
        if (quoteText.length() > 1) {
            throw new OptionException("quote", "must be one character or empty (no quoting), got '" + quoteText + "'");
        }
        if (!quoteText.isEmpty() && separator.contains(quoteText)) {
            throw new OptionException("quote", "the quote character '" + quoteText + "' appears in the separator");
        }
        return new DelimiterFormat(separator, quoteText, KeyList.split("keys", keyList), fewer, more);
    }

    @Override
    public LineParser newParser() {
        StringBuilder unquoted = new StringBuilder();
        return (line, out) -> parse(line, out, unquoted);
    }

    private String parse(String line, ParsedFields out, StringBuilder unquoted) {
        int length = line.length();
        int position = 0;
        int field = 0;
        int lastKeyStart = 0;
        while (true) {
            int start = position;
            String value;
            int end;
            if (quoting && position < length && line.charAt(position) == quote) {
                int close = closingQuote(line, position + 1, unquoted);
                if (close < 0) {
                    return "unclosed quote in field " + (field + 1);
                }
                value = unquoted.toString();
                end = close + 1;
                if (end < length && !line.startsWith(separator, end)) {
                    return "text after the closing quote of field " + (field + 1);
                }
            } else {
                // at the very end (after a trailing separator) this finds nothing: one empty field
                end = separator.length() == 1 ? line.indexOf(separatorChar, position) : line.indexOf(separator, position);
                if (end < 0) {
                    end = length;
                }
                value = line.substring(position, end);
            }
            if (field < keys.length) {
                out.add(keys[field], value);
                lastKeyStart = start;
            } else {
                switch (more) {
                    case noMatch:
                        return "more than " + keys.length + " fields";
                    case merge:
                        out.setValue(out.size() - 1, line.substring(lastKeyStart));
                        return null;
                    case extraKeys:
                        out.add("__column" + (field + 1) + "__", value);
                        break;
                    case drop:
                        break;
                }
            }
            field++;
            if (end >= length) {
                break;
            }
            position = end + separator.length();
        }
        if (field < keys.length) {
            switch (fewer) {
                case noMatch:
                    return field + " fields, expected " + keys.length;
                case fill:
                    for (int i = field; i < keys.length; i++) {
                        out.add(keys[i], "");
                    }
                    break;
                case partial:
                    break;
            }
        }
        return null;
    }

    /** Finds the closing quote from {@code from}, collecting the unescaped value; -1 if none. */
    private int closingQuote(String line, int from, StringBuilder unquoted) {
        unquoted.setLength(0);
        int position = from;
        while (true) {
            int next = line.indexOf(quote, position);
            if (next < 0) {
                return -1;
            }
            unquoted.append(line, position, next);
            if (next + 1 < line.length() && line.charAt(next + 1) == quote) {
                unquoted.append(quote);
                position = next + 2;
            } else {
                return next;
            }
        }
    }
}
