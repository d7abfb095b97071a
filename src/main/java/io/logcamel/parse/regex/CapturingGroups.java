package io.logcamel.parse.regex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The capturing groups of a regex in number order, with their names (null when unnamed).
 *
 * <p>Java 17's {@code Pattern} cannot list its named groups, so this walks the pattern text the
 * way the regex compiler numbers groups: every '(' that is not escaped, not inside a character
 * class or a {@code \Q...\E} quote, and not followed by '?' opens a group; {@code (?<name>}
 * opens a named one; other {@code (?} forms do not capture. The pattern has already compiled, so
 * the walk only needs to be right for valid syntax.
 */
public final class CapturingGroups {

    private CapturingGroups() {
    }

    public static List<String> names(String pattern) {
        List<String> names = new ArrayList<>();
        int classDepth = 0;
        int length = pattern.length();
        for (int i = 0; i < length; i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i + 1 < length && pattern.charAt(i + 1) == 'Q') {
                    int end = pattern.indexOf("\\E", i + 2);
                    i = end < 0 ? length : end + 1;
                } else {
                    i++;
                }
            } else if (c == '[') {
                classDepth++;
            } else if (c == ']' && classDepth > 0) {
                classDepth--;
            } else if (c == '(' && classDepth == 0) {
                if (i + 1 < length && pattern.charAt(i + 1) == '?') {
                    if (i + 3 < length && pattern.charAt(i + 2) == '<'
                            && Character.isLetter(pattern.charAt(i + 3))) {
                        int close = pattern.indexOf('>', i + 3);
                        names.add(pattern.substring(i + 3, close));
                    }
                } else {
                    names.add(null);
                }
            }
        }
        return Collections.unmodifiableList(names);
    }
}
