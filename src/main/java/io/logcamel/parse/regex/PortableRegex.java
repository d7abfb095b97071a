package io.logcamel.parse.regex;

import io.logcamel.parse.OptionException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regex as users write it for nginx, Logtail, Fluent Bit or Python, compiled to
 * java.util.regex. Java allows only ASCII letters and digits in group names, while every log
 * regex out there names its groups like {@code (?<remote_addr>...)}; so group names are mapped
 * to legal Java names internally and reported under the names the user wrote.
 *
 * <p>Accepted: {@code (?<name>...)}, {@code (?P<name>...)} (Python, RE2, Go) and
 * {@code (?'name'...)} (PCRE), names of letters, digits and {@code _} not starting with a digit;
 * back references {@code \k<name>}, {@code \k'name'}, {@code \k{name}} and {@code (?P=name)}. A
 * name Java already accepts is kept as it is, so the compiled pattern only differs where it must.
 */
public final class PortableRegex {

    private final Pattern pattern;
    private final List<String> groupNames;
    private final Map<String, String> javaNames;

    private PortableRegex(Pattern pattern, List<String> groupNames, Map<String, String> javaNames) {
        this.pattern = pattern;
        this.groupNames = groupNames;
        this.javaNames = javaNames;
    }

    /**
     * Compiles {@code regex}; a regex that does not compile or names two groups alike is an
     * {@link OptionException} for {@code option}, quoting the regex as the user wrote it.
     */
    public static PortableRegex compile(String option, String regex) {
        Translation translation = new Translation(regex, option);
        translation.run();
        String javaRegex = translation.java.toString();
        Pattern pattern;
        try {
            pattern = Pattern.compile(javaRegex);
        } catch (PatternSyntaxException e) {
            // the index in Java's message points into the translated text: show it only when that is the user's text
            String detail = javaRegex.equals(regex) ? e.getMessage().replace('\n', ' ') : e.getDescription() + " in " + regex;
            throw new OptionException(option, "invalid regex: " + detail, e);
        }
        int groupCount = pattern.matcher("").groupCount();
        if (translation.names.size() != groupCount) {
            // the walk disagrees with the compiler only on syntax it does not model; say so plainly
            throw new OptionException(option, "could not work out the " + groupCount + " capturing groups");
        }
        return new PortableRegex(pattern, Collections.unmodifiableList(translation.names), translation.javaNames);
    }

    public Pattern pattern() {
        return pattern;
    }

    /** The capturing groups in number order with the names the user gave them (null when unnamed). */
    public List<String> groupNames() {
        return groupNames;
    }

    /**
     * A {@link java.util.regex.Matcher#appendReplacement} text with {@code ${name}} references
     * under the user's names turned into the compiled ones. A reference to a group the regex
     * does not have, or a '$' that starts none, is an {@link OptionException} for {@code option}:
     * it would otherwise fail on the first match rather than at start.
     */
    public String javaReplacement(String option, String replacement) {
        StringBuilder out = new StringBuilder(replacement.length());
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\') {
                out.append(c);
                if (i + 1 < replacement.length()) {
                    out.append(replacement.charAt(++i));
                }
            } else if (c == '$') {
                if (i + 1 < replacement.length() && replacement.charAt(i + 1) == '{') {
                    int close = replacement.indexOf('}', i);
                    String name = close < 0 ? "" : replacement.substring(i + 2, close);
                    String javaName = javaNames.get(name);
                    if (javaName == null) {
                        throw new OptionException(option, "refers to ${" + name + "}, a group the pattern does not have");
                    }
                    out.append("${").append(javaName).append('}');
                    i = close;
                } else if (i + 1 < replacement.length() && Character.isDigit(replacement.charAt(i + 1))) {
                    int group = replacement.charAt(i + 1) - '0';
                    if (group > groupNames.size()) {
                        throw new OptionException(option, "refers to $" + group + " but the pattern has "
                                + groupNames.size() + " groups");
                    }
                    out.append(c);
                } else {
                    throw new OptionException(option, "a '$' must start a group reference; write \\$ for a dollar sign");
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Java's rule for group names: an ASCII letter, then ASCII letters and digits. */
    static boolean isJavaGroupName(String name) {
        if (name.isEmpty() || !isAsciiLetter(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isAsciiLetter(name.charAt(i)) && !isAsciiDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameChar(char c) {
        return isAsciiLetter(c) || isAsciiDigit(c) || c == '_';
    }

    /**
     * One walk over the pattern text, numbering groups the way the regex compiler does: every
     * '(' that is not escaped, not inside a character class or a {@code \Q...\E} quote, and not
     * followed by '?' opens a group; the named forms open a named one; other {@code (?} forms do
     * not capture. Names are collected first so a back reference may precede nothing it needs.
     */
    private static final class Translation {
        private final String regex;
        private final String option;
        private final StringBuilder java = new StringBuilder();
        private final List<String> names = new ArrayList<>();
        private final Map<String, String> javaNames = new HashMap<>();
        private final Set<String> taken = new HashSet<>();

        Translation(String regex, String option) {
            this.regex = regex;
            this.option = option;
        }

        void run() {
            collectNames();
            int classDepth = 0;
            int length = regex.length();
            for (int i = 0; i < length; i++) {
                char c = regex.charAt(i);
                if (c == '\\') {
                    i = escape(i, classDepth > 0);
                } else if (c == '[') {
                    classDepth++;
                    java.append(c);
                } else if (c == ']' && classDepth > 0) {
                    classDepth--;
                    java.append(c);
                } else if (c == '(' && classDepth == 0) {
                    i = group(i);
                } else {
                    java.append(c);
                }
            }
        }

        /** First pass: the user's names in group order, each given a legal Java name. */
        private void collectNames() {
            List<String> found = new ArrayList<>();
            walkGroups((name, unused) -> found.add(name));
            for (String name : found) {
                if (name != null && isJavaGroupName(name)) {
                    taken.add(name);
                }
            }
            Set<String> seen = new HashSet<>();
            for (int g = 0; g < found.size(); g++) {
                String name = found.get(g);
                names.add(name);
                if (name == null) {
                    continue;
                }
                if (!seen.add(name)) {
                    throw new OptionException(option, "invalid regex: the group name '" + name + "' is used twice in " + regex);
                }
                String javaName = name;
                if (!isJavaGroupName(name)) {
                    javaName = "g" + (g + 1) + "n";
                    while (!taken.add(javaName)) {
                        javaName = javaName + "n";
                    }
                }
                javaNames.put(name, javaName);
            }
        }

        private interface GroupVisitor {
            void group(String name, int at);
        }

        private void walkGroups(GroupVisitor visitor) {
            int classDepth = 0;
            int length = regex.length();
            for (int i = 0; i < length; i++) {
                char c = regex.charAt(i);
                if (c == '\\') {
                    if (i + 1 < length && regex.charAt(i + 1) == 'Q') {
                        int end = regex.indexOf("\\E", i + 2);
                        i = end < 0 ? length : end + 1;
                    } else {
                        i++;
                    }
                } else if (c == '[') {
                    classDepth++;
                } else if (c == ']' && classDepth > 0) {
                    classDepth--;
                } else if (c == '(' && classDepth == 0) {
                    if (i + 1 < length && regex.charAt(i + 1) == '?') {
                        NamedOpening named = namedOpening(i);
                        if (named != null) {
                            visitor.group(named.name, i);
                        }
                    } else {
                        visitor.group(null, i);
                    }
                }
            }
        }

        /** A named group opening at {@code at} ({@code (?<n>}, {@code (?P<n>}, {@code (?'n'}), or null. */
        private NamedOpening namedOpening(int at) {
            int nameStart;
            char close;
            if (regex.startsWith("(?<", at)) {
                nameStart = at + 3;
                close = '>';
            } else if (regex.startsWith("(?P<", at)) {
                nameStart = at + 4;
                close = '>';
            } else if (regex.startsWith("(?'", at)) {
                nameStart = at + 3;
                close = '\'';
            } else {
                return null;
            }
            // (?<= and (?<! are lookbehinds: a name never starts with '=' or '!'
            if (nameStart >= regex.length() || !(isAsciiLetter(regex.charAt(nameStart)) || regex.charAt(nameStart) == '_')) {
                return null;
            }
            int end = nameStart;
            while (end < regex.length() && isNameChar(regex.charAt(end))) {
                end++;
            }
            if (end >= regex.length() || regex.charAt(end) != close) {
                return null;
            }
            return new NamedOpening(regex.substring(nameStart, end), end + 1);
        }

        private record NamedOpening(String name, int bodyStart) {
        }

        /** Copies the group opening at {@code at}, renamed if needed; returns the last index consumed. */
        private int group(int at) {
            NamedOpening named = regex.startsWith("(?", at) ? namedOpening(at) : null;
            if (named != null) {
                java.append("(?<").append(javaNames.get(named.name)).append('>');
                return named.bodyStart - 1;
            }
            if (regex.startsWith("(?P=", at)) {
                int close = regex.indexOf(')', at);
                String name = close < 0 ? null : regex.substring(at + 4, close);
                if (name != null && javaNames.containsKey(name)) {
                    java.append("(?:\\k<").append(javaNames.get(name)).append(">)");
                    return close;
                }
            }
            java.append('(');
            return at;
        }

        /** Copies the escape at {@code at} (a back reference by name is renamed); returns the last index consumed. */
        private int escape(int at, boolean inClass) {
            int length = regex.length();
            if (at + 1 >= length) {
                java.append('\\');
                return at;
            }
            char next = regex.charAt(at + 1);
            if (next == 'Q') {
                int end = regex.indexOf("\\E", at + 2);
                int last = end < 0 ? length - 1 : end + 1;
                java.append(regex, at, last + 1);
                return last;
            }
            if (next == 'k' && !inClass && at + 2 < length) {
                char open = regex.charAt(at + 2);
                char close = open == '<' ? '>' : open == '\'' ? '\'' : open == '{' ? '}' : 0;
                int end = close == 0 ? -1 : regex.indexOf(close, at + 3);
                if (end > 0) {
                    String javaName = javaNames.get(regex.substring(at + 3, end));
                    if (javaName != null) {
                        java.append("\\k<").append(javaName).append('>');
                        return end;
                    }
                }
            }
            java.append('\\').append(next);
            return at + 1;
        }
    }
}
