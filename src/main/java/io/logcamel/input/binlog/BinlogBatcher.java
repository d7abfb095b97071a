package io.logcamel.input.binlog;

import io.logcamel.input.LogEventBatcher;
import org.apache.camel.Exchange;

/**
 * Batches change events like {@link LogEventBatcher} and remembers the batch's range of sequence
 * numbers (events arrive in order from one Debezium thread, so a batch is one contiguous range),
 * for {@link BinlogDelivered} to report once the batch is delivered.
 */
public class BinlogBatcher extends LogEventBatcher {

    public static final String FIRST_SEQUENCE = "LogcamelBinlogFirstSequence";
    public static final String LAST_SEQUENCE = "LogcamelBinlogLastSequence";

    @Override
    public Exchange aggregate(Exchange batchExchange, Exchange next) {
        Long sequence = next.getProperty(BinlogChangeToEvent.SEQUENCE, Long.class);
        Exchange batch = super.aggregate(batchExchange, next);
        if (sequence != null) {
            if (batch.getProperty(FIRST_SEQUENCE) == null) {
                batch.setProperty(FIRST_SEQUENCE, sequence);
            }
            batch.setProperty(LAST_SEQUENCE, sequence);
        }
        return batch;
    }
}
