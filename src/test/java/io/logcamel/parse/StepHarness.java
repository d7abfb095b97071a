package io.logcamel.parse;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.parse.fields.FieldsComponent;
import io.logcamel.parse.filter.FilterComponent;
import io.logcamel.parse.time.TimeComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

import java.time.Clock;
import java.util.Arrays;

/**
 * A plain Camel context with the step components registered by hand (as the generated service
 * files would), sending batches through real producers.
 */
public final class StepHarness implements AutoCloseable {

    /** A fixed read time for lines: 2026-11-24T00:00:00Z. */
    public static final long READ_SECONDS = 1_795_478_400L;

    public final CamelContext context = new DefaultCamelContext();
    public final TimeComponent time = new TimeComponent();
    private final ProducerTemplate template;

    public StepHarness() {
        context.addComponent("parse", new ParseComponent());
        context.addComponent("time", time);
        context.addComponent("filter", new FilterComponent());
        context.addComponent("fields", new FieldsComponent());
        context.start();
        template = context.createProducerTemplate();
    }

    public StepHarness clock(Clock clock) {
        time.setClock(clock);
        return this;
    }

    public static LogBatch lines(String... lines) {
        LogBatch batch = new LogBatch();
        Arrays.stream(lines).forEach(line -> batch.add(LogEvent.ofContent(READ_SECONDS, 0, line)));
        return batch;
    }

    /** Sends the batch through the endpoint and returns it (rewritten in place). */
    public LogBatch send(String uri, LogBatch batch) {
        template.sendBody(uri, batch);
        return batch;
    }

    /** Sends to an endpoint object: needed to read its counters when the URI has RAW(...) with '%' in it,
     *  which Camel does not normalise to one cache key (each lookup would make a new endpoint). */
    public LogBatch send(Endpoint endpoint, LogBatch batch) {
        template.sendBody(endpoint, batch);
        return batch;
    }

    public <T extends Endpoint> T endpoint(String uri, Class<T> type) {
        return context.getEndpoint(uri, type);
    }

    @Override
    public void close() {
        context.stop();
    }
}
