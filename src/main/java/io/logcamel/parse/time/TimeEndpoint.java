package io.logcamel.parse.time;

import io.logcamel.metrics.MeterScope;
import io.logcamel.metrics.Metered;
import io.logcamel.parse.BatchStepEndpoint;
import io.logcamel.parse.OptionException;
import org.apache.camel.Category;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;

import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * Gives each event of a batch its log time, parsed from a field, and keeps out historical and
 * far-future data. Events whose time cannot be parsed keep the time they were read at.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "time", title = "Log time", syntax = "time:action",
        producerOnly = true, remote = false, category = {Category.TRANSFORMATION})
public class TimeEndpoint extends BatchStepEndpoint<TimeStep> implements Metered {

    @UriParam
    private final TimeConfiguration configuration;

    private final TimeCounters counters = new TimeCounters();

    public TimeEndpoint(String uri, TimeComponent component, TimeConfiguration configuration) {
        super(uri, component, "time");
        this.configuration = configuration;
    }

    public TimeConfiguration getConfiguration() {
        return configuration;
    }

    public TimeCounters getCounters() {
        return counters;
    }

    @Override
    public void bindMeters(MeterScope scope) {
        scope.counter("logcamel.time.parsed", "events whose time was taken from a field", counters, TimeCounters::getParsed)
                .counter("logcamel.time.parse.failures", "events whose time field was missing or did not fit: read time kept",
                        counters, TimeCounters::getParseFailures)
                .counter("logcamel.time.discarded.old", "events older than maxAge, discarded", counters,
                        TimeCounters::getDiscardedOld)
                .counter("logcamel.time.future.clamped", "events further ahead than maxFuture, time set to now",
                        counters, TimeCounters::getFutureClamped)
                .counter("logcamel.time.future.dropped", "events further ahead than maxFuture, dropped", counters,
                        TimeCounters::getFutureDropped);
    }

    @Override
    protected TimeStep compileStep() {
        TimeConfiguration c = configuration;
        long maxAge = DurationOption.nanos("maxAge", c.getMaxAge());
        long maxFuture = DurationOption.nanos("maxFuture", c.getMaxFuture());
        if (c.getFuturePolicy() == null) {
            throw new OptionException("futurePolicy", "one of clamp, drop, keep is required");
        }
        TimeParser parser = null;
        if (c.getAction() == TimeAction.parse) {
            if (c.getSourceKey() == null || c.getSourceKey().isEmpty()) {
                throw new OptionException("sourceKey", "must not be empty");
            }
            parser = parser(c);
        }
        return new TimeStep(parser, c.getSourceKey(), c.isKeepSource(), maxAge, maxFuture,
                c.getFuturePolicy(), ((TimeComponent) getComponent()).getClock(), counters);
    }

    private static TimeParser parser(TimeConfiguration c) {
        ZoneId zone = zone(c.getTimeZone());
        switch (c.getFormatType()) {
            case strftime:
                return StrftimeFormat.compile(c.getFormat(), zone);
            case java:
                if (c.getFormat() == null || c.getFormat().isEmpty()) {
                    throw new OptionException("format", "a DateTimeFormatter pattern is required");
                }
                return JavaTimeFormat.compile(c.getFormat(), zone);
            case epochSeconds:
                return new EpochFormat(1_000_000_000L);
            case epochMillis:
                return new EpochFormat(1_000_000L);
            case epochMicros:
                return new EpochFormat(1_000L);
            case epochNanos:
                return new EpochFormat(1L);
            default:
                throw new OptionException("formatType", "unknown format type " + c.getFormatType());
        }
    }

    private static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(timeZone.trim());
        } catch (DateTimeException e) {
            throw new OptionException("timeZone", "unknown time zone '" + timeZone + "': " + e.getMessage(), e);
        }
    }

}
