package io.logcamel.parse;

/** The parsers of the {@code parse:} component, chosen by the endpoint path. */
public enum ParseFormat {
    /** java.util.regex with named groups or a key list; the whole line must match. */
    regex,
    /** Separator-delimited fields (CSV, TSV, '|'-separated...) with an optional quote character. */
    delimiter,
    /** One JSON object per line; nested objects flattened. */
    json,
    /** nginx access log, from its {@code log_format} definition. */
    nginx,
    /** Apache httpd access log, from a {@code LogFormat} definition or a preset. */
    apache
}
