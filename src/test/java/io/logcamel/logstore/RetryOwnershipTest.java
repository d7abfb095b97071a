package io.logcamel.logstore;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One retry owner: the producer retries a request; a redelivery of the exchange resends the very
 * requests it planned (same bodies, same {@code __pack_id__}s) without re-encoding; a destination
 * known to be failing gets one attempt per request; an input that backs up cuts the retries
 * short; and what failed leaves a plan that tells the spool which events were not acknowledged.
 */
class RetryOwnershipTest {

    private FakeLogService service;
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        service = new FakeLogService();
    }

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.stop();
        }
        service.close();
    }

    private void route(String options, int redeliveries) throws Exception {
        String uri = "logstore:demo/app?endpoint=" + service.endpoint() + "&accessKeyId=" + LogstoreProducerTest.KEY_ID
                + "&accessKeySecret=" + LogstoreProducerTest.SECRET
                + (options.contains("retryInitialDelay") ? "" : "&retryInitialDelay=5&retryMaxDelay=20") + options;
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(defaultErrorHandler().maximumRedeliveries(redeliveries).redeliveryDelay(0));
                from("direct:in").to(uri);
            }
        });
        context.start();
        template = context.createProducerTemplate();
    }

    private static LogBatch batch(int events) {
        return LogstoreProducerTest.batch(events);
    }

    private LogstoreEndpoint endpoint() {
        return context.getEndpoints().stream().filter(LogstoreEndpoint.class::isInstance)
                .map(LogstoreEndpoint.class::cast).findFirst().orElseThrow();
    }

    @Test
    void aRedeliverySendsTheSameRequestsWithTheSamePackIds() throws Exception {
        route("&maxRetries=0&maxLogsPerRequest=2", 2);
        // request 1 passes, request 2 fails on the first pass and on the first redelivery
        service.succeedNext(1).failNext(2, 503, "ServerBusy", "busy");
        Exchange result = template.send("direct:in", e -> e.getMessage().setBody(batch(6)));
        assertNull(result.getException());
        List<FakeLogService.Received> sent = service.received();
        assertEquals(List.of("line 0", "line 2", "line 2", "line 2", "line 4"),
                sent.stream().map(r -> r.logGroup().events().get(0).get("content")).toList());
        // the three sends of request 2 are one planned request: same pack id, same bytes
        String packId = sent.get(1).logGroup().tags().get("__pack_id__");
        for (int i = 2; i <= 3; i++) {
            assertEquals(packId, sent.get(i).logGroup().tags().get("__pack_id__"));
            assertTrue(java.util.Arrays.equals(sent.get(1).body(), sent.get(i).body()), "same body as sent before");
        }
        assertEquals(3, sent.stream().map(r -> r.logGroup().tags().get("__pack_id__")).distinct().count());
    }

    @Test
    void afterARequestRanOutOfRetriesEachRequestGetsOneAttemptUntilOneSucceeds() throws Exception {
        route("&maxRetries=3", 0);
        service.failNext(100, 503, "ServerBusy", "down");
        assertInstanceOf(LogstoreException.class, template.send("direct:in", e -> e.getMessage().setBody(batch(1)))
                .getException());
        assertEquals(4, service.received().size(), "first batch: 1 + 3 retries");
        assertTrue(endpoint().isFailing());
        assertEquals(1, endpoint().getStatistics().failingPeriods());

        assertInstanceOf(LogstoreException.class, template.send("direct:in", e -> e.getMessage().setBody(batch(1)))
                .getException());
        assertEquals(5, service.received().size(), "while failing: one attempt");

        service.clearScript();
        assertNull(template.send("direct:in", e -> e.getMessage().setBody(batch(1))).getException());
        assertFalse(endpoint().isFailing(), "a success ends the failing state");
        service.failNext(1, 503, "ServerBusy", "blip");
        assertNull(template.send("direct:in", e -> e.getMessage().setBody(batch(1))).getException());
        assertEquals(8, service.received().size(), "healthy again: a failure is retried");
    }

    @Test
    void anInputThatBacksUpCutsTheRetriesShort() throws Exception {
        route("&maxRetries=50&retryInitialDelay=200&retryMaxDelay=200", 0);
        service.failNext(1000, 503, "ServerBusy", "busy");
        AtomicBoolean backingUp = new AtomicBoolean();
        java.util.concurrent.CompletableFuture<Exchange> pending = template.asyncSend("direct:in", e -> {
            e.getMessage().setBody(batch(1));
            e.setProperty(LogstoreConstants.GIVE_UP_RETRIES, (BooleanSupplier) backingUp::get);
        });
        org.awaitility.Awaitility.await().until(() -> service.received().size() >= 2);
        backingUp.set(true);
        Exchange result = pending.get(10, java.util.concurrent.TimeUnit.SECONDS);
        LogstoreException error = assertInstanceOf(LogstoreException.class, result.getException());
        assertTrue(error.isRetryable());
        assertTrue(error.getMessage().contains("input backing up"), error.getMessage());
        assertTrue(service.received().size() < 10, "gave up long before 50 retries: " + service.received().size());
        assertFalse(endpoint().isFailing(), "giving up early says nothing about the destination");
    }

    @Test
    void whileTheInputBacksUpABatchGoesToTheErrorHandlerWithoutAnAttempt() throws Exception {
        route("&maxRetries=5", 0);
        Exchange result = template.send("direct:in", e -> {
            e.getMessage().setBody(batch(3));
            e.setProperty(LogstoreConstants.GIVE_UP_RETRIES, (BooleanSupplier) () -> true);
        });
        LogstoreException error = assertInstanceOf(LogstoreException.class, result.getException());
        assertEquals("InputBackingUp", error.errorCode());
        assertTrue(error.isRetryable(), "a spool takes it");
        assertTrue(new RetryableFailure().matches(result));
        assertEquals(0, service.received().size(), "the destination was not asked");
        assertFalse(endpoint().isFailing());
    }

    @Test
    void aFailedExchangeTellsWhichEventsWereNotAcknowledged() throws Exception {
        route("&maxRetries=0&maxLogsPerRequest=2", 0);
        service.succeedNext(2).failNext(10, 503, "ServerBusy", "busy");
        LogBatch batch = batch(5).topic("t").tag("k", "v");
        Exchange result = template.send("direct:in", e -> e.getMessage().setBody(batch));
        assertInstanceOf(LogstoreException.class, result.getException());
        LogBatch rest = DeliveryPlan.undeliveredPart(result, batch);
        assertEquals(List.of("line 4"), rest.events().stream().map(e -> e.get("content")).toList());
        assertEquals("t", rest.topic());
        assertEquals("v", rest.tags().get("k"));
        // another batch object (not what was planned) is returned whole
        LogBatch other = batch(5);
        assertSame(other, DeliveryPlan.undeliveredPart(result, other));
    }
}
