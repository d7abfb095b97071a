package io.logcamel.parse;

import io.logcamel.event.LogBatch;
import io.logcamel.input.LinesToBatch;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import java.util.function.Supplier;

/**
 * The producer every step component shares: it hands the exchange's {@link LogBatch} to the
 * endpoint's {@link BatchStep}. A text body is accepted too (one event per line), so that a step
 * can follow an input that has not made a batch yet.
 */
public final class BatchStepProducer extends DefaultProducer {

    private final Supplier<BatchStep> step;

    public BatchStepProducer(Endpoint endpoint, Supplier<BatchStep> step) {
        super(endpoint);
        this.step = step;
    }

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        LogBatch batch;
        if (body instanceof LogBatch logBatch) {
            batch = logBatch;
        } else if (body == null) {
            return;
        } else {
            String text = exchange.getMessage().getBody(String.class);
            if (text == null) {
                throw new IllegalArgumentException(getEndpoint().getEndpointUri()
                        + " expects a LogBatch body, got " + body.getClass().getName());
            }
            batch = LinesToBatch.toBatch(text);
            exchange.getMessage().setBody(batch);
        }
        step.get().apply(batch);
    }
}
