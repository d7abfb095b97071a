package io.logcamel.input.batch;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.event.SourcePosition;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Hands the exchange's {@link LogEvent} (or every event of a {@link LogBatch}) to the queue. The
 * exchange completes as soon as the event is queued: the batch's own exchange, on the consumer's
 * route, carries the delivery contract from there.
 */
public class BatchProducer extends DefaultProducer {

    public BatchProducer(BatchEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public BatchEndpoint getEndpoint() {
        return (BatchEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        SourcePosition position = exchange.getProperty(BatchConstants.POSITION, SourcePosition.class);
        BatchQueue queue = getEndpoint().queue();
        if (body instanceof LogEvent event) {
            queue.offer(event, position);
        } else if (body instanceof LogBatch batch) {
            for (LogEvent event : batch.events()) {
                queue.offer(event, position);
            }
        } else {
            throw new IllegalArgumentException("batch:" + getEndpoint().getName() + " takes a LogEvent or LogBatch"
                    + " body, got " + (body == null ? "null" : body.getClass().getName()));
        }
    }
}
