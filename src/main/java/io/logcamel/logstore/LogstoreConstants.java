package io.logcamel.logstore;

import org.apache.camel.spi.Metadata;

/** Message headers the {@code logstore:} producer reads and writes. */
public final class LogstoreConstants {

    @Metadata(label = "producer", description = "Overrides the topic of the LogGroups sent for this exchange.",
              javaType = "String")
    public static final String TOPIC = "CamelLogstoreTopic";

    @Metadata(label = "producer", description = "Overrides the hashKey for this exchange: the logs go to the"
            + " shard owning it (`/shards/route?key=...`).", javaType = "String")
    public static final String HASH_KEY = "CamelLogstoreHashKey";

    @Metadata(label = "producer", description = "The x-log-requestid of the last PutLogs answered for this"
            + " exchange, for tracing a batch in Log Service.", javaType = "String")
    public static final String REQUEST_ID = "CamelLogstoreRequestId";

    @Metadata(label = "producer", description = "How many PutLogs requests the exchange's batch was split into.",
              javaType = "int")
    public static final String REQUEST_COUNT = "CamelLogstoreRequestCount";

    @Metadata(label = "producer", description = "How many logs were delivered for this exchange.", javaType = "int")
    public static final String LOG_COUNT = "CamelLogstoreLogCount";

    /**
     * Exchange property: a {@code java.util.function.BooleanSupplier} that an input sets when it
     * cannot wait on the destination (its queue backs up): while it says true, the producer does
     * not start a request (the exchange fails with the retryable code {@code InputBackingUp}) and
     * stops retrying one (it fails with the last error), so the route's error handler (the spool)
     * takes the batch at once and the replay delivers it. Set by the {@code batch:} consumer.
     */
    public static final String GIVE_UP_RETRIES = "CamelLogstoreGiveUpRetries";

    /**
     * Exchange property: the {@link DeliveryPlan} of the batch being delivered (its requests and
     * how many are acknowledged), so that a Camel redelivery of the same exchange sends the same
     * requests and skips the acknowledged ones, and a spool keeps only what was not acknowledged.
     */
    static final String PLAN_PROPERTY = "CamelLogstorePlan";

    private LogstoreConstants() {
    }
}
