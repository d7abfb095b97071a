package io.logcamel.parse.filter;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.parse.BatchStep;
import io.logcamel.parse.BudgetedText;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the events whose field matches {@code include} (the whole value) and does not match
 * {@code exclude}; removes the rest. An event without the field is kept or removed as
 * {@code keepMissing} says. A value whose match exceeds the regex work budget counts as not
 * matching (and as cut off): better one wrong decision than a stalled pipeline.
 */
public final class FilterStep implements BatchStep {

    private final String key;
    private final Pattern include;
    private final Pattern exclude;
    private final boolean keepMissing;
    private final int budgetPerChar;
    private final FilterCounters counters;

    public FilterStep(String key, Pattern include, Pattern exclude, boolean keepMissing, int budgetPerChar,
                      FilterCounters counters) {
        this.key = key;
        this.include = include;
        this.exclude = exclude;
        this.keepMissing = keepMissing;
        this.budgetPerChar = budgetPerChar;
        this.counters = counters;
    }

    @Override
    public void apply(LogBatch batch) {
        List<LogEvent> events = batch.events();
        BudgetedText text = new BudgetedText(budgetPerChar);
        Matcher includer = include == null ? null : include.matcher(text);
        Matcher excluder = exclude == null ? null : exclude.matcher(text);
        long[] cut = {0};
        int write = 0;
        int total = events.size();
        for (int read = 0; read < total; read++) {
            LogEvent event = events.get(read);
            String value = event.get(key);
            boolean keep;
            if (value == null) {
                keep = keepMissing;
            } else {
                keep = (includer == null || matches(includer, text, value, cut))
                        && (excluder == null || !matches(excluder, text, value, cut));
            }
            if (keep) {
                events.set(write++, event);
            }
        }
        if (write < total) {
            events.subList(write, total).clear();
        }
        counters.add(write, total - write, cut[0]);
    }

    private static boolean matches(Matcher matcher, BudgetedText text, String value, long[] cut) {
        matcher.reset(text.reset(value));
        try {
            return matcher.matches();
        } catch (BudgetedText.BudgetExceeded | StackOverflowError e) {
            cut[0]++;
            return false;
        }
    }
}
