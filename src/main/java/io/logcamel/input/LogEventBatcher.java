package io.logcamel.input;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Collects single {@link LogEvent} bodies into one {@link LogBatch}, for inputs whose consumer
 * delivers one message per exchange (syslog over netty). Used as the aggregation strategy of an
 * {@code aggregate} step with a size and an interval completion, so each exchange that goes on to
 * {@code logstore:} carries a batch.
 */
public class LogEventBatcher implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange batchExchange, Exchange next) {
        LogEvent event = next.getMessage().getBody(LogEvent.class);
        if (batchExchange == null) {
            LogBatch batch = new LogBatch();
            if (event != null) {
                batch.add(event);
            }
            next.getMessage().setBody(batch);
            return next;
        }
        if (event != null) {
            batchExchange.getMessage().getBody(LogBatch.class).add(event);
        }
        return batchExchange;
    }
}
