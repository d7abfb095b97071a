package io.logcamel.spool;

import org.apache.camel.spi.Metadata;

/** Headers the {@code spool:} consumer sets on replayed exchanges, and the one its producer reads. */
public final class SpoolConstants {

    @Metadata(label = "consumer", description = "When the record was spooled, epoch milliseconds.", javaType = "long")
    public static final String CREATED = "CamelSpoolCreated";
    @Metadata(description = "Where the batch was going when it was spooled (the failed endpoint's URI"
            + " unless the producer was given this header).", javaType = "String")
    public static final String DESTINATION = "CamelSpoolDestination";
    @Metadata(label = "consumer", description = "The record's offset in the spool.", javaType = "long")
    public static final String OFFSET = "CamelSpoolOffset";

    private SpoolConstants() {
    }
}
