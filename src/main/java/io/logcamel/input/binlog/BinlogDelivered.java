package io.logcamel.input.binlog;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The step after {@code logstore:} in a binlog route: reports the batch's events as delivered,
 * which lets {@link DeliveredOffsetStore} store Debezium's offset past them. A failed delivery
 * never gets here, so their offset is never stored and they are read again after a restart.
 */
public class BinlogDelivered implements Processor {

    private String offsetFile;

    @Override
    public void process(Exchange exchange) {
        Long first = exchange.getProperty(BinlogBatcher.FIRST_SEQUENCE, Long.class);
        Long last = exchange.getProperty(BinlogBatcher.LAST_SEQUENCE, Long.class);
        if (first != null && last != null) {
            BinlogDeliveryTracker.forOffsetFile(offsetFile).delivered(first, last);
        }
    }

    /** The same file as the endpoint's {@code offsetStorageFileName}. */
    public void setOffsetFile(String offsetFile) {
        this.offsetFile = offsetFile;
    }
}
