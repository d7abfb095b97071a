package io.logcamel.parse.regex;

import io.logcamel.parse.BudgetedText;
import io.logcamel.parse.KeyList;
import io.logcamel.parse.LineFormat;
import io.logcamel.parse.LineParser;
import io.logcamel.parse.OptionException;
import io.logcamel.parse.ParsedFields;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line format defined by a regex that must match the whole line. Each capturing group becomes
 * a field: named by {@code keys} (one key per group, in order) or, without keys, by the group
 * names as written, {@code _} included (see {@link PortableRegex}; unnamed groups are then only
 * for grouping and are not extracted). A group that did not take part in the match adds no field.
 */
public final class RegexFormat implements LineFormat {

    private final Pattern pattern;
    private final int[] groups;
    private final String[] keys;
    private final int budgetPerChar;

    private RegexFormat(Pattern pattern, int[] groups, String[] keys, int budgetPerChar) {
        this.pattern = pattern;
        this.groups = groups;
        this.keys = keys;
        this.budgetPerChar = budgetPerChar;
    }

    /**
     * @param keyList comma-separated keys, or null/blank to use the group names
     * @param budgetPerChar regex character reads allowed per character of a line
     */
    public static RegexFormat compile(String regex, String keyList, int budgetPerChar) {
        if (regex == null || regex.isEmpty()) {
            throw new OptionException("pattern", "a regex is required");
        }
        if (budgetPerChar < 1) {
            throw new OptionException("regexBudget", "must be at least 1, got " + budgetPerChar);
        }
        PortableRegex compiled = PortableRegex.compile("pattern", regex);
        Pattern pattern = compiled.pattern();
        List<String> names = compiled.groupNames();
        int groupCount = names.size();
        if (keyList != null && !keyList.isBlank()) {
            String[] keys = KeyList.split("keys", keyList);
            if (keys.length != groupCount) {
                throw new OptionException("keys", keys.length + " keys given for " + groupCount
                        + " capturing groups in the pattern");
            }
            int[] groups = new int[groupCount];
            for (int i = 0; i < groupCount; i++) {
                groups[i] = i + 1;
            }
            return new RegexFormat(pattern, groups, keys, budgetPerChar);
        }
        List<Integer> groups = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) != null) {
                groups.add(i + 1);
                keys.add(names.get(i));
            }
        }
        if (groups.isEmpty()) {
            throw new OptionException("keys", "the pattern has no named groups, so keys are required");
        }
        return new RegexFormat(pattern, groups.stream().mapToInt(Integer::intValue).toArray(),
                keys.toArray(String[]::new), budgetPerChar);
    }

    public Pattern pattern() {
        return pattern;
    }

    @Override
    public LineParser newParser() {
        BudgetedText text = new BudgetedText(budgetPerChar);
        Matcher matcher = pattern.matcher(text);
        return (line, out) -> {
            matcher.reset(text.reset(line));
            try {
                if (!matcher.matches()) {
                    return "no match";
                }
            } catch (BudgetedText.BudgetExceeded e) {
                return LineParser.CUT_OFF;
            } catch (StackOverflowError e) {
                // deep recursion in the regex engine on a long line is the same failure in another form
                return LineParser.CUT_OFF;
            }
            for (int i = 0; i < groups.length; i++) {
                int start = matcher.start(groups[i]);
                if (start >= 0) {
                    out.add(keys[i], line.substring(start, matcher.end(groups[i])));
                }
            }
            return null;
        };
    }
}
