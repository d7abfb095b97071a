package io.logcamel.logstore;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.List;

/**
 * The requests one exchange's batch was planned into, kept on the exchange (property
 * {@value LogstoreConstants#PLAN_PROPERTY}) while it is being delivered. A Camel redelivery of the
 * same exchange sends the same requests again, same bodies and same {@code __pack_id__}s, skipping
 * those already acknowledged; nothing is split, encoded or compressed twice. When the exchange
 * fails for good, {@link #undeliveredPart(Exchange, LogBatch)} tells the error handler (the spool)
 * which events the Logstore never acknowledged.
 */
public final class DeliveryPlan {

    private final LogstoreEndpoint endpoint;
    private final LogBatch batch;
    private final String topic;
    private final String hashKey;
    private final List<PutLogsRequest> requests;
    private final List<BatchSplitter.Run> runs;
    private int delivered;

    DeliveryPlan(LogstoreEndpoint endpoint, LogBatch batch, String topic, String hashKey,
                 List<PutLogsRequest> requests, List<BatchSplitter.Run> runs) {
        this.endpoint = endpoint;
        this.batch = batch;
        this.topic = topic;
        this.hashKey = hashKey;
        this.requests = requests;
        this.runs = runs;
    }

    /** True when this plan was made by {@code endpoint} for this very batch, topic and hash key. */
    boolean isFor(LogstoreEndpoint endpoint, LogBatch batch, String topic, String hashKey) {
        return this.endpoint == endpoint && this.batch == batch && this.topic.equals(topic)
                && this.hashKey.equals(hashKey);
    }

    List<PutLogsRequest> requests() {
        return requests;
    }

    int delivered() {
        return delivered;
    }

    void delivered(int requests) {
        this.delivered = requests;
    }

    /**
     * The events of {@code batch} that the last {@code logstore:} step of this exchange did not get
     * acknowledged: all of them unless a plan for this very batch object shows requests already
     * delivered, in which case a new batch (same topic, source and tags) holds the rest.
     */
    public static LogBatch undeliveredPart(Exchange exchange, LogBatch batch) {
        DeliveryPlan plan = exchange.getProperty(LogstoreConstants.PLAN_PROPERTY, DeliveryPlan.class);
        if (plan == null || plan.batch != batch || plan.delivered == 0) {
            return batch;
        }
        List<LogEvent> events = batch.events();
        int from = plan.delivered >= plan.runs.size() ? events.size() : plan.runs.get(plan.delivered).from();
        LogBatch rest = new LogBatch(new ArrayList<>(events.subList(from, events.size())))
                .topic(batch.topic()).source(batch.source());
        rest.tags().putAll(batch.tags());
        return rest;
    }
}
