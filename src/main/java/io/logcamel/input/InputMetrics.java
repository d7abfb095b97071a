package io.logcamel.input;

import io.logcamel.metrics.StageMetrics;
import org.apache.camel.CamelContext;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An input's own counter that no single route owns (a batch queue name, a Netty decoder shared by
 * connections, an import ledger), bound through {@link StageMetrics} like every other meter and
 * tagged {@code input=<name>}. Without a meter registry (plain Camel, tests) nothing happens.
 */
public final class InputMetrics {

    private InputMetrics() {
    }

    /**
     * @param value the counter itself: Micrometer holds it weakly, so it must be a field of the
     *              input (a lambda made here would be collected and the metric would read 0)
     */
    public static void counter(CamelContext context, String name, String description, String input, AtomicLong value) {
        if (context == null) {
            return;
        }
        StageMetrics.of(context).bind(value, "", input, scope -> scope.tag("input", input)
                .counter(name, description, value, AtomicLong::doubleValue));
    }
}
