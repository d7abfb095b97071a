package io.logcamel.tail;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A real Camel context with one route {@code from(tail:...).process(recorder)}: the recorder stands
 * in for delivery and can fail on demand.
 */
final class TailHarness implements AutoCloseable {

    static {
        activateLogging();
    }

    /**
     * Outside a Quarkus application nobody activates Quarkus' start-up log handler, which then
     * keeps every record, with its parameters (exchanges and their batches), in memory.
     */
    static void activateLogging() {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        io.quarkus.bootstrap.logging.InitialConfigurator.DELAYED_HANDLER.setHandlers(
                new java.util.logging.Handler[]{io.quarkus.bootstrap.logging.InitialConfigurator.createDefaultHandler()});
    }

    final DefaultCamelContext context = new DefaultCamelContext();
    final Recorder recorder;

    TailHarness(Path checkpointDir, String uri) throws Exception {
        this(checkpointDir, uri, new Recorder());
    }

    TailHarness(Path checkpointDir, String uri, Recorder recorder) throws Exception {
        this.recorder = recorder;
        TailComponent component = new TailComponent();
        component.setCheckpointDir(checkpointDir.toString());
        context.addComponent("tail", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("tail-test").process(recorder);
            }
        });
        context.start();
        // files written before the first sweep count as pre-existing: tests that mean "new" files wait for it
        await("first sweep", Duration.ofSeconds(10), () -> metrics().getSweeps() > 0);
    }

    TailEndpoint endpoint() {
        return (TailEndpoint) context.getRoute("tail-test").getEndpoint();
    }

    TailMetrics metrics() {
        return endpoint().getMetrics();
    }

    @Override
    public void close() {
        context.stop();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(timeout, condition, () -> what);
    }

    static void await(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what.get());
            }
        }
    }

    /** Collects every delivered event; throws while {@link #failing} is set. */
    static class Recorder implements Processor {
        final List<LogEvent> events = new ArrayList<>();
        final List<LogBatch> batches = new ArrayList<>();
        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicInteger failures = new AtomicInteger();

        @Override
        public void process(Exchange exchange) {
            LogBatch batch = exchange.getMessage().getBody(LogBatch.class);
            if (failing.get()) {
                failures.incrementAndGet();
                throw new IllegalStateException("simulated delivery failure");
            }
            accept(batch);
        }

        synchronized void accept(LogBatch batch) {
            batches.add(batch);
            events.addAll(batch.events());
        }

        synchronized List<String> lines() {
            return events.stream().map(e -> e.get(LogEvent.CONTENT)).toList();
        }

        synchronized int count() {
            return events.size();
        }

        synchronized List<LogBatch> batches() {
            return new ArrayList<>(batches);
        }
    }
}
