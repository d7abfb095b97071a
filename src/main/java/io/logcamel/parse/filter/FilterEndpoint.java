package io.logcamel.parse.filter;

import io.logcamel.metrics.MeterScope;
import io.logcamel.metrics.Metered;
import io.logcamel.parse.BatchStepEndpoint;
import io.logcamel.parse.OptionException;
import io.logcamel.parse.regex.PortableRegex;
import org.apache.camel.Category;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

import java.util.regex.Pattern;

/**
 * Keeps or drops the events of a batch by a regex on one field, e.g.
 * {@code filter:level?include=ERROR|WARN} or {@code filter:request_uri?exclude=/health.*}.
 * Several filter steps in a row must all pass.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "filter", title = "Event filter", syntax = "filter:key",
        producerOnly = true, remote = false, category = {Category.TRANSFORMATION})
public class FilterEndpoint extends BatchStepEndpoint<FilterStep> implements Metered {

    /** The field tested. */
    @UriPath
    @Metadata(required = true)
    private String key;

    /** Keep only events whose field value matches this regex as a whole. */
    @UriParam
    private String include;

    /** Drop events whose field value matches this regex as a whole. */
    @UriParam
    private String exclude;

    /** Keep events that do not have the field (by default they are dropped when include is set, kept otherwise). */
    @UriParam
    private Boolean keepMissing;

    /** Regex character reads allowed per character of a value (plus 4096) before it counts as not matching. */
    @UriParam(defaultValue = "1000")
    private int regexBudget = 1000;

    private final FilterCounters counters = new FilterCounters();

    public FilterEndpoint(String uri, FilterComponent component, String key) {
        super(uri, component, "filter");
        this.key = key;
    }

    public FilterCounters getCounters() {
        return counters;
    }

    @Override
    public void bindMeters(MeterScope scope) {
        scope.counter("logcamel.filter.passed", "events the filter let through", counters, FilterCounters::getPassed)
                .counter("logcamel.filter.dropped", "events the filter removed", counters, FilterCounters::getDropped)
                .counter("logcamel.filter.cut.off", "values whose regex exceeded its work budget", counters,
                        FilterCounters::getCutOff);
    }

    @Override
    protected FilterStep compileStep() {
        if (key == null || key.isEmpty()) {
            throw new OptionException("key", "the field to test is required: filter:<key>");
        }
        if (include == null && exclude == null) {
            throw new OptionException("include", "include or exclude (or both) is required");
        }
        if (regexBudget < 1) {
            throw new OptionException("regexBudget", "must be at least 1, got " + regexBudget);
        }
        boolean missing = keepMissing != null ? keepMissing : include == null;
        return new FilterStep(key, compile("include", include), compile("exclude", exclude), missing,
                regexBudget, counters);
    }

    static Pattern compile(String option, String regex) {
        if (regex == null) {
            return null;
        }
        return PortableRegex.compile(option, regex).pattern();
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getInclude() {
        return include;
    }

    public void setInclude(String include) {
        this.include = include;
    }

    public String getExclude() {
        return exclude;
    }

    public void setExclude(String exclude) {
        this.exclude = exclude;
    }

    public Boolean getKeepMissing() {
        return keepMissing;
    }

    public void setKeepMissing(Boolean keepMissing) {
        this.keepMissing = keepMissing;
    }

    public int getRegexBudget() {
        return regexBudget;
    }

    public void setRegexBudget(int regexBudget) {
        this.regexBudget = regexBudget;
    }

}
