package io.logcamel.parse.fields;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.parse.BatchStep;
import io.logcamel.parse.BudgetedText;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces every match of a regex in one field, so secrets never leave the machine. The
 * replacement may refer to groups ({@code $1}, {@code ${name}}) to keep part of a match, e.g.
 * the last four digits of a card number. If the regex exceeds its work budget the whole value
 * is replaced: a value that could not be checked is treated as secret.
 */
final class MaskField implements BatchStep {

    private final String key;
    private final Pattern pattern;
    private final String replacement;
    private final String wholeValueReplacement;
    private final int budgetPerChar;
    private final FieldsCounters counters;

    MaskField(String key, Pattern pattern, String replacement, int budgetPerChar, FieldsCounters counters) {
        this.key = key;
        this.pattern = pattern;
        this.replacement = replacement;
        // group references mean nothing without a match; then the plain default stands in
        this.wholeValueReplacement = replacement.indexOf('$') < 0 && replacement.indexOf('\\') < 0 ? replacement : "***";
        this.budgetPerChar = budgetPerChar;
        this.counters = counters;
    }

    @Override
    public void apply(LogBatch batch) {
        BudgetedText text = new BudgetedText(budgetPerChar);
        Matcher matcher = pattern.matcher(text);
        StringBuilder masked = new StringBuilder();
        long changed = 0, cut = 0;
        for (LogEvent event : batch.events()) {
            String value = event.get(key);
            if (value == null) {
                continue;
            }
            matcher.reset(text.reset(value));
            try {
                if (!matcher.find()) {
                    continue;
                }
                masked.setLength(0);
                do {
                    matcher.appendReplacement(masked, replacement);
                } while (matcher.find());
                matcher.appendTail(masked);
                event.put(key, masked.toString());
            } catch (BudgetedText.BudgetExceeded | StackOverflowError e) {
                event.put(key, wholeValueReplacement);
                cut++;
            }
            changed++;
        }
        counters.add(changed, changed, cut);
    }
}
