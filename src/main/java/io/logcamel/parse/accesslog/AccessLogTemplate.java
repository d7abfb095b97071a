package io.logcamel.parse.accesslog;

import io.logcamel.parse.OptionException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An access-log line shape: literal text around named fields, e.g. {@code [}, {@code ] "}, as
 * compiled from an nginx {@code log_format} or an Apache {@code LogFormat}. There is always one
 * more literal than fields (the first and last may be empty). Each field ends where the literal
 * that follows it first appears; the last field runs to the final literal at the end of the line.
 */
public final class AccessLogTemplate {

    private final List<String> literals;
    private final List<String> keys;

    private AccessLogTemplate(List<String> literals, List<String> keys) {
        this.literals = List.copyOf(literals);
        this.keys = List.copyOf(keys);
    }

    public List<String> literals() {
        return literals;
    }

    public List<String> keys() {
        return keys;
    }

    /** Builds a template piece by piece, checking that every field can be told from the next. */
    static final class Builder {
        private final String option;
        private final List<String> literals = new ArrayList<>();
        private final List<String> keys = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();
        private final StringBuilder literal = new StringBuilder();

        Builder(String option) {
            this.option = option;
        }

        Builder text(char c) {
            literal.append(c);
            return this;
        }

        Builder text(String s) {
            literal.append(s);
            return this;
        }

        Builder field(String key, String asWritten) {
            if (!keys.isEmpty() && literal.length() == 0) {
                throw new OptionException(option, asWritten + " follows " + keys.get(keys.size() - 1)
                        + " with no text between them, so the two cannot be told apart");
            }
            if (!seen.add(key)) {
                throw new OptionException(option, "the field '" + key + "' (" + asWritten + ") appears twice");
            }
            literals.add(literal.toString());
            literal.setLength(0);
            keys.add(key);
            return this;
        }

        AccessLogTemplate build(String definition) {
            if (keys.isEmpty()) {
                throw new OptionException(option, "no fields in '" + definition + "'");
            }
            literals.add(literal.toString());
            return new AccessLogTemplate(literals, keys);
        }
    }
}
