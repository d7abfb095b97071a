package io.logcamel.parse.delimiter;

/** What to do with a line that has more fields than keys. */
public enum MoreFields {
    /** The line does not parse: the step's noMatch policy applies. */
    noMatch,
    /** The last key takes the rest of the line verbatim, separators included. */
    merge,
    /** Extra fields are kept under generated keys {@code __column<N>__}, N counting from 1. */
    extraKeys,
    /** Extra fields are ignored. */
    drop
}
