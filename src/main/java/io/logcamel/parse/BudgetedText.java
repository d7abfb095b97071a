package io.logcamel.parse;

/**
 * A line as java.util.regex sees it, with a budget on how often the engine may read a character.
 *
 * <p>Backtracking regexes can take exponential time on a hostile or merely unlucky line; on a
 * log agent that stalls the whole pipeline behind one line. Every regex step reads characters
 * through {@link #charAt}, so counting those reads bounds the work deterministically (unlike a
 * timer, it gives the same answer on a loaded machine). Past the budget the match is abandoned
 * with {@link BudgetExceeded}, which the caller counts as cut off.
 */
public final class BudgetedText implements CharSequence {

    /** Thrown when the budget is spent. Shared and without a stack trace: it is control flow. */
    public static final class BudgetExceeded extends RuntimeException {
        private BudgetExceeded() {
            super("regex work budget exceeded", null, false, false);
        }
    }

    public static final BudgetExceeded EXCEEDED = new BudgetExceeded();

    private final int readsPerChar;
    private String text = "";
    private long remaining;

    /** @param readsPerChar budget per character of the line (plus a fixed floor for short lines) */
    public BudgetedText(int readsPerChar) {
        this.readsPerChar = readsPerChar;
    }

    /** Points this at a new line and refills the budget. */
    public BudgetedText reset(String line) {
        this.text = line;
        this.remaining = 4096L + (long) readsPerChar * line.length();
        return this;
    }

    public String text() {
        return text;
    }

    @Override
    public char charAt(int index) {
        if (--remaining < 0) {
            throw EXCEEDED;
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
