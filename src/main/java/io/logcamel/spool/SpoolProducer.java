package io.logcamel.spool;

import io.logcamel.event.LogBatch;
import io.logcamel.logstore.DeliveryPlan;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Appends the exchange's {@link LogBatch} to the spool (the part a failed {@code logstore:} step did
 * not get acknowledged, when it delivered some of its requests). Returns only once the record is written
 * (and forced, under fsyncInterval 0), so an error handler that dead-letters here completes the
 * exchange (and lets the input checkpoint) only when the batch is safe. A full spool in
 * {@code block} mode throws {@link SpoolFullException}: the exchange fails and the input keeps
 * its data.
 */
public class SpoolProducer extends DefaultProducer {

    public SpoolProducer(SpoolEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public SpoolEndpoint getEndpoint() {
        return (SpoolEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        LogBatch batch = exchange.getIn().getBody(LogBatch.class);
        if (batch == null) {
            Object body = exchange.getIn().getBody();
            throw new IllegalArgumentException("spool:" + getEndpoint().getName() + " takes a LogBatch body, got "
                    + (body == null ? "null" : body.getClass().getName()));
        }
        // What a logstore: step already got acknowledged for this very batch is not spooled again.
        batch = DeliveryPlan.undeliveredPart(exchange, batch);
        if (batch.isEmpty()) {
            return;
        }
        SpoolRecord record = new SpoolRecord(destination(exchange), System.currentTimeMillis(), batch.size(),
                SpoolBatchCodec.encode(batch));
        getEndpoint().store().append(record);
    }

    /** The header if set, else the endpoint that failed, without its query (it may carry keys). */
    private static String destination(Exchange exchange) {
        String destination = exchange.getIn().getHeader(SpoolConstants.DESTINATION, String.class);
        if (destination == null) {
            destination = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
        }
        if (destination == null) {
            return "";
        }
        int query = destination.indexOf('?');
        return query < 0 ? destination : destination.substring(0, query);
    }
}
