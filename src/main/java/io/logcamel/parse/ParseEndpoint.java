package io.logcamel.parse;

import io.logcamel.metrics.MeterScope;
import io.logcamel.metrics.Metered;
import io.logcamel.parse.accesslog.AccessLogTemplate;
import io.logcamel.parse.accesslog.ApacheLogFormat;
import io.logcamel.parse.accesslog.NginxLogFormat;
import io.logcamel.parse.accesslog.RequestSplitting;
import io.logcamel.parse.accesslog.TemplateRegex;
import io.logcamel.parse.accesslog.TemplateScanner;
import io.logcamel.parse.delimiter.DelimiterFormat;
import io.logcamel.parse.json.JsonFormat;
import io.logcamel.parse.regex.RegexFormat;
import org.apache.camel.Category;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;

/**
 * Parses a field of every event of the batch (the raw line by default) into fields.
 * The options are compiled when the endpoint is initialised, so a bad regex or log format
 * fails the route at start with a message naming the route, the step and the option.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "parse", title = "Parse", syntax = "parse:format",
        producerOnly = true, remote = false, category = {Category.TRANSFORMATION})
public class ParseEndpoint extends BatchStepEndpoint<ParseStep> implements Metered {

    @UriParam
    private final ParseConfiguration configuration;

    private final ParseCounters counters = new ParseCounters();

    public ParseEndpoint(String uri, ParseComponent component, ParseConfiguration configuration) {
        super(uri, component, "parse");
        this.configuration = configuration;
    }

    public ParseConfiguration getConfiguration() {
        return configuration;
    }

    public ParseCounters getCounters() {
        return counters;
    }

    @Override
    public void bindMeters(MeterScope scope) {
        scope.counter("logcamel.parse.matched", "lines the format matched", counters, ParseCounters::getMatched)
                .counter("logcamel.parse.unmatched.kept", "lines the format did not match, kept with the error key",
                        counters, ParseCounters::getUnmatchedKept)
                .counter("logcamel.parse.unmatched.dropped", "lines the format did not match, dropped (noMatch=drop)",
                        counters, ParseCounters::getUnmatchedDropped)
                .counter("logcamel.parse.cut.off", "lines abandoned because the regex exceeded its work budget",
                        counters, ParseCounters::getCutOff);
    }

    @Override
    protected ParseStep compileStep() {
        ParseConfiguration c = configuration;
        if (c.getFormat() == null) {
            throw new OptionException("format", "one of regex, delimiter, json, nginx, apache is required");
        }
        if (c.getSourceKey() == null || c.getSourceKey().isEmpty()) {
            throw new OptionException("sourceKey", "must not be empty");
        }
        return new ParseStep(lineFormat(c), c.getSourceKey(), c.isKeepSource(), c.getNoMatch(),
                c.getErrorKey(), counters);
    }

    private static LineFormat lineFormat(ParseConfiguration c) {
        switch (c.getFormat()) {
            case regex:
                return RegexFormat.compile(c.getPattern(), c.getKeys(), c.getRegexBudget());
            case delimiter:
                return DelimiterFormat.compile(c.getSeparator(), c.getQuote(), c.getKeys(),
                        c.getFewerFields(), c.getMoreFields());
            case json:
                return JsonFormat.compile(c.getFlattenSeparator(), c.getMaxDepth());
            case nginx:
                return accessLog(NginxLogFormat.compile(c.getLogFormat()), c);
            case apache:
                return accessLog(ApacheLogFormat.compile(c.getLogFormat()), c);
            default:
                throw new OptionException("format", "unknown format " + c.getFormat());
        }
    }

    private static LineFormat accessLog(AccessLogTemplate template, ParseConfiguration c) {
        LineFormat format;
        if ("scanner".equals(c.getEngine())) {
            format = new TemplateScanner(template);
        } else if ("regex".equals(c.getEngine())) {
            format = TemplateRegex.compile(template, c.getRegexBudget());
        } else {
            throw new OptionException("engine", "must be 'scanner' or 'regex', got '" + c.getEngine() + "'");
        }
        if (!c.isSplitRequest()) {
            return format;
        }
        if (!template.keys().contains("request")) {
            throw new OptionException("splitRequest", "the log format has no request field ($request or %r)");
        }
        return new RequestSplitting(format);
    }

}
