package io.logcamel.parse;

import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * What every step endpoint (parse, time, filter, fields) shares: its options are compiled into
 * an immutable {@link BatchStep} when the endpoint is initialised, so a bad option fails the route
 * at start with a {@link StepConfigException} naming the route, the step and the option; the
 * producer applies that step to each batch; a step cannot start a route.
 */
public abstract class BatchStepEndpoint<S extends BatchStep> extends DefaultEndpoint {

    private final String scheme;
    private volatile S step;

    protected BatchStepEndpoint(String uri, Component component, String scheme) {
        super(uri, component);
        this.scheme = scheme;
    }

    /** Builds the step from the options; throws {@link OptionException} naming a bad one. */
    protected abstract S compileStep();

    /** The compiled step; builds it on first use when the endpoint was not initialised by Camel. */
    public S getStep() {
        if (step == null) {
            step = buildStep();
        }
        return step;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        step = buildStep();
    }

    private S buildStep() {
        try {
            return compileStep();
        } catch (OptionException e) {
            throw StepConfigException.of(this, e.option(), e.getMessage(), e);
        }
    }

    @Override
    public Producer createProducer() {
        return new BatchStepProducer(this, this::getStep);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException(scheme + ": is a route step; it cannot start a route");
    }
}
