package io.logcamel.parse.time;

import io.logcamel.parse.BatchStepProducer;
import io.logcamel.parse.OptionException;
import io.logcamel.parse.StepConfigException;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * Gives each event of a batch its log time, parsed from a field, and keeps out historical and
 * far-future data. Events whose time cannot be parsed keep the time they were read at.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "time", title = "Log time", syntax = "time:action",
        producerOnly = true, remote = false, category = {Category.TRANSFORMATION})
public class TimeEndpoint extends DefaultEndpoint {

    @UriParam
    private final TimeConfiguration configuration;

    private final TimeCounters counters = new TimeCounters();
    private volatile TimeStep step;

    public TimeEndpoint(String uri, TimeComponent component, TimeConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    public TimeConfiguration getConfiguration() {
        return configuration;
    }

    public TimeCounters getCounters() {
        return counters;
    }

    public TimeStep getStep() {
        if (step == null) {
            step = buildStep();
        }
        return step;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        step = buildStep();
    }

    private TimeStep buildStep() {
        TimeConfiguration c = configuration;
        try {
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
        } catch (OptionException e) {
            throw StepConfigException.of(this, e.option(), e.getMessage(), e);
        }
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

    @Override
    public Producer createProducer() {
        return new BatchStepProducer(this, this::getStep);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("time: is a route step; it cannot start a route");
    }
}
