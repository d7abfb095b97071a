package io.logcamel.parse.time;

/** What a {@code time:} endpoint does. */
public enum TimeAction {
    /** Parse the event time from a field, then apply the age window. */
    parse,
    /** Only apply the age window to the times events already have (set by the input). */
    window
}
