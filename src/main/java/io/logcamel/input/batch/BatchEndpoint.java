package io.logcamel.input.batch;

import io.logcamel.input.FlowControl;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Gather single log events into batches in a bounded queue, and ship them one batch at a time.
 *
 * <p>The endpoint is also the input's pause hook for a resource guard ({@link FlowControl}):
 * paused, its producers wait, drop or pause their input as {@code whenFull} says.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "batch", title = "Batch", syntax = "batch:name",
             category = {Category.CORE}, headersClass = BatchConstants.class)
public class BatchEndpoint extends DefaultEndpoint implements FlowControl {

    /** The queue's name: every endpoint of one name shares one queue. */
    @UriPath
    @Metadata(required = true)
    private String name;
    /** A batch is sealed once it holds this many events. */
    @UriParam(defaultValue = "1000")
    private Integer maxEvents;
    /** ... or once its events' keys and values add up to about this many characters. */
    @UriParam(defaultValue = "1048576")
    private Long maxBytes;
    /** A batch that is not full is sealed once its first event waited this long. */
    @UriParam(defaultValue = "200", javaType = "java.time.Duration")
    private Long linger;
    /**
     * Sealed batches waiting for the consumer, at most (the one being shipped not included);
     * with the open batch this bounds the memory an input holds.
     */
    @UriParam(defaultValue = "4")
    private Integer maxPending;
    /**
     * What an event does when maxPending batches wait: block (the caller waits: Debezium, SQL),
     * drop (counted; UDP, whose reader must never wait), pause (flowControl is paused: a TCP
     * listener stops reading its sockets; what it already read is still taken).
     */
    @UriParam(defaultValue = "block", enums = "block,drop,pause")
    private String whenFull;
    /** The input to pause under whenFull=pause, e.g. #syslogFraming. */
    @UriParam
    private FlowControl flowControl;
    /** Consumer: first wait before a batch whose exchange failed is sent through the route again; doubles per failure. */
    @UriParam(label = "consumer", defaultValue = "1000", javaType = "java.time.Duration")
    private long retryDelay = 1000;
    /** Consumer: the longest wait between two attempts of the same batch. */
    @UriParam(label = "consumer", defaultValue = "30000", javaType = "java.time.Duration")
    private long maxRetryDelay = 30_000;
    /**
     * Consumer: at stop, how long the batches still in memory may take to be shipped (or spooled);
     * what is left after it is counted as lost and logged at ERROR. Keep it below the shutdown timeout.
     */
    @UriParam(label = "consumer", defaultValue = "20000", javaType = "java.time.Duration")
    private long drainTimeout = 20_000;

    public BatchEndpoint() {
    }

    BatchEndpoint(String uri, BatchComponent component) {
        super(uri, component);
    }

    @Override
    public BatchComponent getComponent() {
        return (BatchComponent) super.getComponent();
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (retryDelay <= 0 || maxRetryDelay < retryDelay) {
            throw new IllegalArgumentException("batch:" + name + ": options retryDelay (" + retryDelay
                    + " ms) and maxRetryDelay (" + maxRetryDelay + " ms) must be positive, retryDelay <= maxRetryDelay");
        }
        if (drainTimeout < 0) {
            throw new IllegalArgumentException("batch:" + name + ": option drainTimeout must not be negative, was "
                    + drainTimeout);
        }
        if (whenFull != null) {
            try {
                WhenFull.parse(whenFull);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("batch:" + name + ": option " + e.getMessage(), e);
            }
        }
    }

    /** The settings of the queue {@code name}: each option from the endpoints that set it (they must agree), else its default. */
    static BatchSettings merge(String name, List<BatchEndpoint> endpoints) {
        int events = agreed(name, "maxEvents", endpoints, e -> e.maxEvents, BatchSettings.DEFAULT_MAX_EVENTS);
        long bytes = agreed(name, "maxBytes", endpoints, e -> e.maxBytes, BatchSettings.DEFAULT_MAX_BYTES);
        long lingerMillis = agreed(name, "linger", endpoints, e -> e.linger, BatchSettings.DEFAULT_LINGER_MILLIS);
        int pending = agreed(name, "maxPending", endpoints, e -> e.maxPending, BatchSettings.DEFAULT_MAX_PENDING);
        String full = agreed(name, "whenFull", endpoints, e -> e.whenFull, "block");
        FlowControl flow = agreed(name, "flowControl", endpoints, e -> e.flowControl, null);
        try {
            return new BatchSettings(events, bytes, lingerMillis, pending, WhenFull.parse(full), flow);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("batch:" + name + ": option " + e.getMessage(), e);
        }
    }

    private static <T> T agreed(String name, String option, List<BatchEndpoint> endpoints,
                                Function<BatchEndpoint, T> value, T fallback) {
        T chosen = null;
        for (BatchEndpoint endpoint : endpoints) {
            T candidate = value.apply(endpoint);
            if (candidate == null) {
                continue;
            }
            if (chosen != null && !Objects.equals(chosen, candidate)) {
                throw new IllegalArgumentException("batch:" + name + ": option " + option + " is set to " + chosen
                        + " and to " + candidate + " on two endpoints of the same queue; set it once (on the from: endpoint)");
            }
            chosen = candidate;
        }
        return chosen == null ? fallback : chosen;
    }

    BatchQueue queue() {
        return getComponent().queue(name);
    }

    @Override
    public Producer createProducer() {
        return new BatchProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        BatchConsumer consumer = new BatchConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** Counters of the queue (the open one: they start over when its consumer restarts). */
    public BatchStatistics statistics() {
        return queue().statistics();
    }

    /** Events in memory waiting to be shipped. */
    public int pendingEvents() {
        return queue().pendingEvents();
    }

    @Override
    public void pause(String reason) {
        queue().pause(reason);
    }

    @Override
    public void resume(String reason) {
        queue().resume(reason);
    }

    @Override
    public boolean isPaused() {
        return queue().isPaused();
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Integer getMaxEvents() { return maxEvents; }
    public void setMaxEvents(Integer maxEvents) { this.maxEvents = maxEvents; }
    public Long getMaxBytes() { return maxBytes; }
    public void setMaxBytes(Long maxBytes) { this.maxBytes = maxBytes; }
    public Long getLinger() { return linger; }
    public void setLinger(Long linger) { this.linger = linger; }
    public Integer getMaxPending() { return maxPending; }
    public void setMaxPending(Integer maxPending) { this.maxPending = maxPending; }
    public String getWhenFull() { return whenFull; }
    public void setWhenFull(String whenFull) { this.whenFull = whenFull; }
    public FlowControl getFlowControl() { return flowControl; }
    public void setFlowControl(FlowControl flowControl) { this.flowControl = flowControl; }
    public long getRetryDelay() { return retryDelay; }
    public void setRetryDelay(long retryDelay) { this.retryDelay = retryDelay; }
    public long getMaxRetryDelay() { return maxRetryDelay; }
    public void setMaxRetryDelay(long maxRetryDelay) { this.maxRetryDelay = maxRetryDelay; }
    public long getDrainTimeout() { return drainTimeout; }
    public void setDrainTimeout(long drainTimeout) { this.drainTimeout = drainTimeout; }
}
