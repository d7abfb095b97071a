package io.logcamel.input.binlog;

import io.logcamel.event.LogBatch;
import io.logcamel.input.batch.PositionRange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Reports a binlog batch's events as done, which lets {@link DeliveredOffsetStore} store
 * Debezium's offset past them. Used as the {@code onCompletion} (complete only) of the route that
 * ships the batches: it runs once the exchange completed, the batch delivered by {@code logstore:}
 * or spooled by the route's error handler, never when the exchange failed; a batch that fails is
 * sent again by its {@code batch:} consumer and its offset waits.
 */
public class BinlogDelivered implements Processor {

    private String offsetFile;

    @Override
    public void process(Exchange exchange) {
        LogBatch batch = exchange.getMessage().getBody(LogBatch.class);
        if (exchange.getException() == null && batch != null && batch.position() instanceof PositionRange range
                && range.first() instanceof BinlogSequence first && range.last() instanceof BinlogSequence last) {
            BinlogDeliveryTracker.forOffsetFile(offsetFile).delivered(first.number(), last.number());
        }
    }

    /** The same file as the endpoint's {@code offsetStorageFileName}. */
    public void setOffsetFile(String offsetFile) {
        this.offsetFile = offsetFile;
    }
}
