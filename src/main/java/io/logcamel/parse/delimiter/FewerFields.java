package io.logcamel.parse.delimiter;

/** What to do with a line that has fewer fields than keys. */
public enum FewerFields {
    /** The line does not parse: the step's noMatch policy applies. */
    noMatch,
    /** The missing trailing keys get an empty value. */
    fill,
    /** Only the fields present are added; the missing keys are absent. */
    partial
}
