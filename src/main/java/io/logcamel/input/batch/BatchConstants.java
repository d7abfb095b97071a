package io.logcamel.input.batch;

import org.apache.camel.spi.Metadata;

/** The exchange property a {@code batch:} producer reads. */
public final class BatchConstants {

    /**
     * Exchange property: the {@link io.logcamel.event.SourcePosition} of the event this exchange
     * carries (a binlog sequence number, say); the batch it joins gets a {@link PositionRange}.
     */
    @Metadata(label = "producer", description = "The source position of the event (exchange property);"
            + " the batch gets the range of its events' positions.", javaType = "io.logcamel.event.SourcePosition")
    public static final String POSITION = "LogcamelBatchPosition";

    private BatchConstants() {
    }
}
