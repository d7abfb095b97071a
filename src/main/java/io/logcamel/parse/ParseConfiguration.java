package io.logcamel.parse;

import io.logcamel.parse.delimiter.FewerFields;
import io.logcamel.parse.delimiter.MoreFields;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/** Options of a {@code parse:} endpoint. Each applies to the formats named in its label. */
@UriParams
public class ParseConfiguration implements Cloneable {

    /** The parser: regex, delimiter, json, nginx or apache. */
    @UriPath
    @Metadata(required = true)
    private ParseFormat format;

    /** The field holding the text to parse: the raw line of a tailed file is 'content'. */
    @UriParam(defaultValue = "content")
    private String sourceKey = "content";

    /** Keep the source field after a successful parse (it is removed by default, as Logtail does). */
    @UriParam(defaultValue = "false")
    private boolean keepSource;

    /**
     * What to do with a line that does not parse: 'keep' leaves the event as it was and adds the
     * error field, 'drop' removes it. Both are counted.
     */
    @UriParam(defaultValue = "keep")
    private NoMatchPolicy noMatch = NoMatchPolicy.keep;

    /** The field that tells why a kept line did not parse; empty adds none. */
    @UriParam(defaultValue = "__parse_error__")
    private String errorKey = "__parse_error__";

    /** The regex the whole line must match. Capturing groups become fields (see keys). */
    @UriParam(label = "regex")
    private String pattern;

    /**
     * Comma-separated field names. regex: one per capturing group, in order (omit to use the
     * named groups); delimiter: one per column (required).
     */
    @UriParam(label = "regex,delimiter")
    private String keys;

    /**
     * How many character reads the regex engine may make per character of a line (plus a floor
     * of 4096) before the line is cut off: bounds catastrophic backtracking.
     */
    @UriParam(label = "regex,nginx,apache", defaultValue = "1000")
    private int regexBudget = 1000;

    /** The column separator: one or more characters. */
    @UriParam(label = "delimiter", defaultValue = ",")
    private String separator = ",";

    /** The quote character of quoted columns (a quote inside is written twice); empty for none. */
    @UriParam(label = "delimiter", defaultValue = "\"")
    private String quote = "\"";

    /** A line with fewer columns than keys: noMatch, fill (empty values) or partial (keys absent). */
    @UriParam(label = "delimiter", defaultValue = "noMatch")
    private FewerFields fewerFields = FewerFields.noMatch;

    /**
     * A line with more columns than keys: noMatch, merge (the last key takes the rest of the
     * line), extraKeys (kept as __columnN__, N counting from 1) or drop (extra columns ignored).
     */
    @UriParam(label = "delimiter", defaultValue = "noMatch")
    private MoreFields moreFields = MoreFields.noMatch;

    /** Joins the keys of nested objects: key b inside object a becomes a.b with the default. */
    @UriParam(label = "json", defaultValue = ".")
    private String flattenSeparator = ".";

    /** Levels of objects turned into fields; deeper objects stay JSON text. 1 = top level only. */
    @UriParam(label = "json", defaultValue = "10")
    private int maxDepth = 10;

    /**
     * nginx: a log_format definition, or the preset 'combined' or 'main'. apache: a LogFormat
     * string, or the preset 'common', 'combined' or 'vhost_combined'.
     */
    @UriParam(label = "nginx,apache", defaultValue = "combined")
    private String logFormat = "combined";

    /**
     * How nginx/apache lines are matched: 'scanner' (literal search, linear time, fastest) or
     * 'regex' (the same shape compiled to java.util.regex).
     */
    @UriParam(label = "nginx,apache", defaultValue = "scanner", enums = "scanner,regex")
    private String engine = "scanner";

    /**
     * Split the request line into request_method, request_uri and server_protocol (a request
     * that is not three parts stays whole as request).
     */
    @UriParam(label = "nginx,apache", defaultValue = "false")
    private boolean splitRequest;

    public boolean isSplitRequest() {
        return splitRequest;
    }

    public void setSplitRequest(boolean splitRequest) {
        this.splitRequest = splitRequest;
    }

    public ParseFormat getFormat() {
        return format;
    }

    public void setFormat(ParseFormat format) {
        this.format = format;
    }

    public String getSourceKey() {
        return sourceKey;
    }

    public void setSourceKey(String sourceKey) {
        this.sourceKey = sourceKey;
    }

    public boolean isKeepSource() {
        return keepSource;
    }

    public void setKeepSource(boolean keepSource) {
        this.keepSource = keepSource;
    }

    public NoMatchPolicy getNoMatch() {
        return noMatch;
    }

    public void setNoMatch(NoMatchPolicy noMatch) {
        this.noMatch = noMatch;
    }

    public String getErrorKey() {
        return errorKey;
    }

    public void setErrorKey(String errorKey) {
        this.errorKey = errorKey;
    }

    public String getPattern() {
        return pattern;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public String getKeys() {
        return keys;
    }

    public void setKeys(String keys) {
        this.keys = keys;
    }

    public int getRegexBudget() {
        return regexBudget;
    }

    public void setRegexBudget(int regexBudget) {
        this.regexBudget = regexBudget;
    }

    public String getSeparator() {
        return separator;
    }

    public void setSeparator(String separator) {
        this.separator = separator;
    }

    public String getQuote() {
        return quote;
    }

    public void setQuote(String quote) {
        this.quote = quote;
    }

    public FewerFields getFewerFields() {
        return fewerFields;
    }

    public void setFewerFields(FewerFields fewerFields) {
        this.fewerFields = fewerFields;
    }

    public MoreFields getMoreFields() {
        return moreFields;
    }

    public void setMoreFields(MoreFields moreFields) {
        this.moreFields = moreFields;
    }

    public String getFlattenSeparator() {
        return flattenSeparator;
    }

    public void setFlattenSeparator(String flattenSeparator) {
        this.flattenSeparator = flattenSeparator;
    }

    public int getMaxDepth() {
        return maxDepth;
    }

    public void setMaxDepth(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    public String getLogFormat() {
        return logFormat;
    }

    public void setLogFormat(String logFormat) {
        this.logFormat = logFormat;
    }

    public String getEngine() {
        return engine;
    }

    public void setEngine(String engine) {
        this.engine = engine;
    }
}
