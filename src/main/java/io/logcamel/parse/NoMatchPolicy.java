package io.logcamel.parse;

/** What a parse step does with a line it cannot parse. Either way the line is counted. */
public enum NoMatchPolicy {
    /** Keep the event unchanged (the raw line stays in its source field) and add an error field. */
    keep,
    /** Remove the event from the batch. */
    drop
}
