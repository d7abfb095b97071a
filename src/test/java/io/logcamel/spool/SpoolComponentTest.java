package io.logcamel.spool;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolComponentTest {

    @TempDir
    Path dir;

    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private ProducerTemplate start(RouteBuilder routes) throws Exception {
        context = new DefaultCamelContext();
        context.getPropertiesComponent().addInitialProperty(SpoolComponent.DIR_PROPERTY, dir.toString());
        context.addRoutes(routes);
        context.start();
        return context.createProducerTemplate();
    }

    private static LogBatch batch(int n) {
        LogBatch batch = new LogBatch().topic("topic-" + n).source("10.0.0." + n).tag("host", "h" + n);
        batch.add(LogEvent.ofContent(1_700_000_000L + n, 123_456_789, "line " + n));
        batch.add(LogEvent.ofContent(1_700_000_001L + n, 0, "second " + n).putTag("file", "a.log"));
        return batch;
    }

    @Test
    void aSpooledBatchIsReplayedWithEverythingTheLogstoreSends() throws Exception {
        List<LogBatch> replayed = new CopyOnWriteArrayList<>();
        List<Object> destinations = new CopyOnWriteArrayList<>();
        ProducerTemplate template = start(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("spool:roundtrip");
                from("spool:roundtrip?idleDelay=50ms").process(e -> {
                    replayed.add(e.getIn().getBody(LogBatch.class));
                    destinations.add(e.getIn().getHeader(SpoolConstants.DESTINATION));
                });
            }
        });
        template.sendBodyAndHeader("direct:in", batch(1), SpoolConstants.DESTINATION, "logstore:p/s");
        awaitTrue(() -> replayed.size() == 1);
        LogBatch back = replayed.get(0);
        assertEquals("topic-1", back.topic());
        assertEquals("10.0.0.1", back.source());
        assertEquals(2, back.size());
        assertEquals("line 1", back.events().get(0).value(0));
        assertEquals(123_456_789, back.events().get(0).timeNanos());
        assertEquals(1_700_000_002L, back.events().get(1).timeSeconds());
        assertEquals("h1", back.events().get(0).tag("host"));
        assertEquals("a.log", back.events().get(1).tag("file"));
        assertEquals(null, back.events().get(0).tag("file"));
        assertEquals("logstore:p/s", destinations.get(0));
    }

    @Test
    void replayRetriesTheSameRecordUntilTheNextStepSucceedsAndKeepsOrder() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<String> delivered = new CopyOnWriteArrayList<>();
        ProducerTemplate template = start(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("spool:retry");
                from("spool:retry?retryDelay=10ms&maxRetryDelay=40ms&idleDelay=50ms").process(e -> {
                    if (attempts.incrementAndGet() <= 5) {
                        throw new IllegalStateException("Logstore down");
                    }
                    delivered.add(e.getIn().getBody(LogBatch.class).topic());
                });
            }
        });
        for (int i = 0; i < 5; i++) {
            template.sendBody("direct:in", batch(i));
        }
        awaitTrue(() -> delivered.size() == 5);
        assertEquals(List.of("topic-0", "topic-1", "topic-2", "topic-3", "topic-4"), delivered);
        SpoolStore store = context.getEndpoint("spool:retry", SpoolEndpoint.class).store();
        awaitTrue(() -> store.pendingBytes() == 0);
        assertEquals(5, store.statistics().replayedRecords());
        assertEquals(10, store.statistics().replayedLogs());
    }

    @Test
    void aFullSpoolInBlockModeFailsTheExchangeThroughTheDeadLetterChannel() throws Exception {
        ProducerTemplate template = start(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("spool:full?maxBytes=300").deadLetterHandleNewException(false)
                        .useOriginalMessage());
                from("direct:in").process(e -> {
                    throw new IllegalStateException("Logstore down");
                });
            }
        });
        Exchange first = template.send("direct:in", e -> e.getIn().setBody(batch(1)));
        assertEquals(null, first.getException(), "spooled: the exchange completes");
        Exchange second = template.send("direct:in", e -> e.getIn().setBody(batch(2)));
        assertTrue(second.isFailed(), "spool full: the exchange must fail so the input keeps its data");
        Throwable cause = second.getException();
        while (cause != null && !(cause instanceof SpoolFullException)) {
            cause = cause.getCause();
        }
        assertInstanceOf(SpoolFullException.class, cause, String.valueOf(second.getException()));
    }

    @Test
    void theDestinationIsTheFailedEndpointWithoutItsQuery() throws Exception {
        List<Object> destinations = new CopyOnWriteArrayList<>();
        ProducerTemplate template = start(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("spool:dest").useOriginalMessage());
                from("direct:in").to("direct:down?timeout=5000");
                from("direct:down").errorHandler(noErrorHandler()).process(e -> {
                    throw new IllegalStateException("down");
                });
                from("spool:dest?idleDelay=50ms").process(e -> destinations.add(e.getIn().getHeader(SpoolConstants.DESTINATION)));
            }
        });
        template.sendBody("direct:in", batch(1));
        awaitTrue(() -> destinations.size() == 1);
        assertEquals("direct://down", destinations.get(0));
    }

    @Test
    void badOptionsAreRejectedByName() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
            }
        });
        Exception e = assertThrows(Exception.class, () -> context.getEndpoint("spool:x?fullPolicy=wait").start());
        assertTrue(String.valueOf(rootMessage(e)).contains("fullPolicy"), rootMessage(e));
        Exception ttl = assertThrows(Exception.class, () -> context.getEndpoint("spool:y?ttl=0").start());
        assertTrue(String.valueOf(rootMessage(ttl)).contains("ttl"), rootMessage(ttl));
        assertThrows(Exception.class, () -> context.getEndpoint("spool:../escape"));
        SpoolEndpoint endpoint = context.getEndpoint("spool:z?ttl=2h&fsyncInterval=250ms", SpoolEndpoint.class);
        assertEquals(7_200_000, endpoint.getTtl());
        assertEquals(250, endpoint.getFsyncInterval());
    }

    @Test
    void sendingAnythingButALogBatchFails() throws Exception {
        ProducerTemplate template = start(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("spool:typed");
            }
        });
        assertThrows(CamelExecutionException.class, () -> template.sendBody("direct:in", 42));
    }

    @Test
    void countersArePublishedAsMetersWhenThereIsARegistry() throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        context = new DefaultCamelContext();
        context.getRegistry().bind("meters", meters);
        context.getPropertiesComponent().addInitialProperty(SpoolComponent.DIR_PROPERTY, dir.toString());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("spool:metered");
            }
        });
        context.start();
        context.createProducerTemplate().sendBody("direct:in", batch(1));
        assertEquals(2.0, meters.get("logcamel.spool.spooled.logs").tag("spool", "metered").functionCounter().count());
        assertTrue(meters.get("logcamel.spool.pending.bytes").tag("spool", "metered").gauge().value() > 0);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder all = new StringBuilder();
        while (t != null) {
            all.append(t.getMessage()).append(" | ");
            t = t.getCause();
        }
        return all.toString();
    }

    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        awaitTrue(condition, java.time.Duration.ofSeconds(10));
    }

    static void awaitTrue(BooleanSupplier condition, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(10);
        }
    }
}
