package io.logcamel.spool;

/** What an append does when the spool holds {@code maxBytes} of unacknowledged records. */
public enum FullPolicy {
    /** Refuse the append: the caller's exchange fails, so inputs keep their checkpoints and pause. */
    BLOCK,
    /** Drop the oldest unacknowledged records (counted) until the new one fits. */
    DROP_OLDEST;

    /** Accepts {@code block}, {@code dropOldest} and the enum names. */
    public static FullPolicy parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("block")) {
            return BLOCK;
        }
        if (t.equalsIgnoreCase("dropOldest") || t.equalsIgnoreCase("drop_oldest")) {
            return DROP_OLDEST;
        }
        throw new IllegalArgumentException("spool fullPolicy must be block or dropOldest, was '" + text + "'");
    }
}
