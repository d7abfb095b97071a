package io.logcamel.input;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route step that makes {@link #setProcessor processor} run once the exchange completed
 * successfully (delivered, or spooled by the route's error handler), never when it failed: what
 * {@code onCompletion} with {@code onCompleteOnly: true} does, as a plain step. Camel Karavan
 * cannot represent an {@code onCompletion} inside a route (it writes it back as
 * {@code undefined: {}}), and a kamelet cannot hold a route configuration, so the examples and
 * kamelets that move a checkpoint on completion use this instead. Registered once per exchange,
 * however often the step is passed (a loop).
 */
public class AfterCompletion implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(AfterCompletion.class);

    private Processor processor;

    @Override
    public void process(Exchange exchange) {
        String registered = AfterCompletion.class.getName() + "@" + System.identityHashCode(this);
        if (exchange.getProperty(registered) != null) {
            return;
        }
        exchange.setProperty(registered, Boolean.TRUE);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                try {
                    processor.process(done);
                } catch (Exception e) {
                    LOG.error("the step after completion of exchange {} failed", done.getExchangeId(), e);
                }
            }
        });
    }

    /** What runs once the exchange completed successfully. */
    public void setProcessor(Processor processor) {
        this.processor = processor;
    }
}
