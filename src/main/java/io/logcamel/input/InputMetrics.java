package io.logcamel.input;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes an input's own counters as Micrometer counters when the application has a meter
 * registry (the agent's {@code /q/metrics}); without one (plain Camel, tests) nothing happens.
 */
public final class InputMetrics {

    private InputMetrics() {
    }

    /**
     * @param value the counter itself: Micrometer holds it weakly, so it must be a field of the
     *              input (a lambda made here would be collected and the metric would read 0)
     */
    public static void counter(CamelContext context, String name, String description, String input, AtomicLong value) {
        MeterRegistry registry = context == null ? null : context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry == null) {
            return;
        }
        FunctionCounter.builder(name, value, AtomicLong::doubleValue)
                .description(description)
                .tag("input", input)
                .register(registry);
    }
}
