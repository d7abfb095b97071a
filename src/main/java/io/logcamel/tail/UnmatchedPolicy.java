package io.logcamel.tail;

/** What multi-line assembly does with a line that belongs to no record. */
public enum UnmatchedPolicy {
    /** Keep it as a record of its own. */
    SINGLE,
    /** Drop it and count it ({@code multilineUnmatchedDiscarded}). */
    DISCARD
}
