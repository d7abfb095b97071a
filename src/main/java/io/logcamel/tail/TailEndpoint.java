package io.logcamel.tail;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Tails the log files of one collection config and sends their lines as {@code LogBatch} bodies,
 * one exchange per batch of one file. A file's checkpoint moves only after its exchange completed
 * without exception.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "tail", title = "Tail", syntax = "tail:name", consumerOnly = true,
        category = {Category.FILE, Category.MONITORING}, headersClass = TailConstants.class)
public class TailEndpoint extends DefaultEndpoint {

    @UriParam
    private final TailConfiguration configuration;
    private final TailMetrics metrics = new TailMetrics();

    public TailEndpoint(String uri, TailComponent component, TailConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        TailConsumer consumer = new TailConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("tail: is consumer only");
    }

    @Override
    public boolean isRemote() {
        return false;
    }

    public TailConfiguration getConfiguration() {
        return configuration;
    }

    /** Counters: lines, bytes, batches, truncations, split lines, discarded lines, replacements, open files. */
    public TailMetrics getMetrics() {
        return metrics;
    }
}
