package io.logcamel.tail;

import org.apache.camel.RuntimeCamelException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector as kubectl takes it: {@code app=web,tier!=cache,env in (prod,staging),
 * release notin (canary),gpu,!legacy}; every term must hold.
 */
final class LabelSelector implements Predicate<Map<String, String>> {

    private static final String KEY = "([A-Za-z0-9][-A-Za-z0-9_./]*)";
    private static final Pattern EQUALS = Pattern.compile(KEY + "\\s*(==|=|!=)\\s*([-A-Za-z0-9_.]*)");
    private static final Pattern SET = Pattern.compile(KEY + "\\s+(in|notin)\\s*\\(([^)]*)\\)");
    private static final Pattern EXISTS = Pattern.compile("(!?)" + KEY);

    private final String text;
    private final List<Predicate<Map<String, String>>> terms;

    private LabelSelector(String text, List<Predicate<Map<String, String>>> terms) {
        this.text = text;
        this.terms = terms;
    }

    /** @throws RuntimeCamelException naming {@code option} when the selector is not valid */
    static LabelSelector parse(String option, String selector) {
        List<Predicate<Map<String, String>>> terms = new ArrayList<>();
        for (String term : splitTerms(selector)) {
            Matcher matcher;
            if ((matcher = SET.matcher(term)).matches()) {
                String key = matcher.group(1);
                Set<String> values = Set.copyOf(List.of(matcher.group(3).trim().split("\\s*,\\s*")));
                boolean in = matcher.group(2).equals("in");
                terms.add(labels -> in == (labels.containsKey(key) && values.contains(labels.get(key))));
            } else if ((matcher = EQUALS.matcher(term)).matches()) {
                String key = matcher.group(1);
                String value = matcher.group(3);
                boolean equal = !matcher.group(2).equals("!=");
                terms.add(labels -> equal == value.equals(labels.get(key)));
            } else if ((matcher = EXISTS.matcher(term)).matches()) {
                String key = matcher.group(2);
                boolean present = matcher.group(1).isEmpty();
                terms.add(labels -> present == labels.containsKey(key));
            } else {
                throw new RuntimeCamelException("tail option " + option + ": '" + term + "' in '" + selector
                        + "' is not a label selector term (key=value, key!=value, key in (a,b), key notin (a,b), key, !key)");
            }
        }
        if (terms.isEmpty()) {
            throw new RuntimeCamelException("tail option " + option + ": the label selector is empty");
        }
        return new LabelSelector(selector, List.copyOf(terms));
    }

    @Override
    public boolean test(Map<String, String> labels) {
        Map<String, String> present = labels == null ? Map.of() : labels;
        for (Predicate<Map<String, String>> term : terms) {
            if (!term.test(present)) {
                return false;
            }
        }
        return true;
    }

    /** Commas separate terms, except inside the parentheses of a set. */
    private static List<String> splitTerms(String selector) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= selector.length(); i++) {
            char c = i < selector.length() ? selector.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String term = selector.substring(start, i).trim();
                if (!term.isEmpty()) {
                    terms.add(term);
                }
                start = i + 1;
            }
        }
        return terms;
    }

    @Override
    public String toString() {
        return text;
    }
}
