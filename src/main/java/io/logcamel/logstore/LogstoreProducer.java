package io.logcamel.logstore;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.logstore.wire.LogGroupEncoder;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Delivers the exchange's batch with as many PutLogs as its size needs, retrying each request
 * on retryable failures with backoff; throws {@link LogstoreException} when a request cannot be
 * delivered, leaving the batch to Camel's error handler.
 *
 * <p>Thread-safe: several route threads may call it at once. They share the HTTP client and
 * each has its own encoder.
 */
public class LogstoreProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(LogstoreProducer.class);
    /** Waits for a retry are cut into slices this long so that a shutdown is noticed quickly. */
    private static final long WAIT_SLICE_MILLIS = 100;
    /** The error code of a batch handed to the error handler without an attempt because its input backs up. */
    static final String INPUT_BACKING_UP = "InputBackingUp";

    private final LogstoreEndpoint endpoint;
    private final ThreadLocal<LogGroupEncoder> encoders = ThreadLocal.withInitial(LogGroupEncoder::new);
    private final PackIds packIds = new PackIds();
    private final Set<String> warnedCodes = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch stopped = new CountDownLatch(0);
    private LogstoreRequestBuilder requests;
    private LogstoreHttpTransport transport;

    public LogstoreProducer(LogstoreEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String hostHeader = endpoint.address().hostHeader(endpoint.getProject());
        requests = new LogstoreRequestBuilder(hostHeader, endpoint.getLogstore(), endpoint.compressType(),
                endpoint.signer());
        LogstoreConfiguration c = endpoint.getConfiguration();
        transport = new LogstoreHttpTransport(endpoint.address().connectTarget(endpoint.getProject()), hostHeader,
                c.getConnectTimeout(), c.getRequestTimeout());
        stopped = new CountDownLatch(1);
    }

    @Override
    protected void doStop() throws Exception {
        stopped.countDown();
        if (transport != null) {
            transport.close();
            transport = null;
        }
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        LogBatch batch = toBatch(exchange);
        DeliveryPlan plan = plan(exchange, batch, message);
        List<PutLogsRequest> planned = plan.requests();
        String requestId = null;
        int logs = 0;
        for (int i = 0; i < planned.size(); i++) {
            PutLogsRequest request = planned.get(i);
            if (i >= plan.delivered()) {
                requestId = deliver(request, giveUpSignal(exchange), endpoint.statisticsFor(exchange.getFromRouteId()));
                plan.delivered(i + 1);
            }
            logs += request.logCount();
        }
        exchange.removeProperty(LogstoreConstants.PLAN_PROPERTY);
        if (requestId != null) {
            message.setHeader(LogstoreConstants.REQUEST_ID, requestId);
        }
        message.setHeader(LogstoreConstants.REQUEST_COUNT, planned.size());
        message.setHeader(LogstoreConstants.LOG_COUNT, logs);
    }

    private static LogBatch toBatch(Exchange exchange) throws InvalidPayloadException {
        Object body = exchange.getMessage().getBody();
        if (body instanceof LogBatch batch) {
            return batch;
        }
        if (body instanceof LogEvent event) {
            return LogBatch.of(event);
        }
        if (body instanceof List<?> list && list.stream().allMatch(LogEvent.class::isInstance)) {
            List<LogEvent> events = new ArrayList<>(list.size());
            list.forEach(item -> events.add((LogEvent) item));
            return new LogBatch(events);
        }
        if (body == null) {
            return new LogBatch();
        }
        LogBatch converted = exchange.getContext().getTypeConverter().tryConvertTo(LogBatch.class, exchange, body);
        if (converted != null) {
            return converted;
        }
        // A plain text body becomes one raw line, as a file input would ship it.
        String text = exchange.getContext().getTypeConverter().tryConvertTo(String.class, exchange, body);
        if (text == null) {
            throw new InvalidPayloadException(exchange, LogBatch.class);
        }
        return LogBatch.of(LogEvent.ofContent(nowSeconds(), 0, text));
    }

    private static long nowSeconds() {
        return Instant.now().getEpochSecond();
    }

    /**
     * The exchange's plan if a redelivery brings the same batch back to this endpoint, else a new
     * one. The whole batch is encoded into requests before any is sent, so that an event too
     * large to ever be accepted fails the exchange without a part of the batch already delivered.
     */
    private DeliveryPlan plan(Exchange exchange, LogBatch batch, Message message) throws LogstoreException {
        LogstoreConfiguration c = endpoint.getConfiguration();
        String topic = firstNonEmpty(message.getHeader(LogstoreConstants.TOPIC, String.class), batch.topic(),
                c.getTopic());
        String hashKey = firstNonEmpty(message.getHeader(LogstoreConstants.HASH_KEY, String.class), c.getHashKey());
        DeliveryPlan earlier = exchange.getProperty(LogstoreConstants.PLAN_PROPERTY, DeliveryPlan.class);
        if (earlier != null && earlier.isFor(endpoint, batch, topic, hashKey)) {
            return earlier;
        }
        String source = firstNonEmpty(batch.source(), endpoint.defaultSource());
        Map<String, String> sharedTags = new LinkedHashMap<>(batch.tags());
        List<String> endpointTags = endpoint.tagPairs();
        for (int i = 0; i + 1 < endpointTags.size(); i += 2) {
            sharedTags.put(endpointTags.get(i), endpointTags.get(i + 1));
        }
        List<LogEvent> events = batch.events();
        LogGroupEncoder encoder = encoders.get();
        BatchSplitter splitter = endpoint.splitter();
        List<PutLogsRequest> planned = new ArrayList<>();
        List<BatchSplitter.Run> runs = new ArrayList<>();
        for (int from = 0; from < events.size(); ) {
            encoder.begin(topic, source, groupTags(sharedTags, events.get(from)));
            int to = splitter.fill(events, from, encoder);
            if (encoder.size() > c.getMaxBytesPerRequest()) {
                // Only a single event can get here: the splitter cuts by the encoded size.
                throw new LogstoreException("PutLogs to " + endpoint.describe() + " not sent: event " + from
                        + " of the batch encodes to " + encoder.size() + " bytes, over maxBytesPerRequest "
                        + c.getMaxBytesPerRequest(), "InvalidLogSize", 0, null, false, null);
            }
            encoder.end();
            planned.add(requests.build(encoder.bytes(), (int) encoder.size(), to - from, hashKey));
            runs.add(new BatchSplitter.Run(from, to));
            from = to;
        }
        DeliveryPlan plan = new DeliveryPlan(endpoint, batch, topic, hashKey, planned, runs);
        exchange.setProperty(LogstoreConstants.PLAN_PROPERTY, plan);
        return plan;
    }

    private List<String> groupTags(Map<String, String> sharedTags, LogEvent first) {
        Map<String, String> merged = new LinkedHashMap<>(sharedTags);
        for (int i = 0; i < first.tagCount(); i++) {
            merged.put(first.tagKey(i), first.tagValue(i));
        }
        merged.put(PackIds.TAG, packIds.next());
        List<String> pairs = new ArrayList<>(merged.size() * 2);
        merged.forEach((key, value) -> {
            pairs.add(key);
            pairs.add(value);
        });
        return pairs;
    }

    private static String firstNonEmpty(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isEmpty()) {
                return candidate;
            }
        }
        return "";
    }

    /**
     * Sends one request until it is acknowledged; returns its request id. While the endpoint is
     * known to be failing (the last request ran out of retries) a request gets one attempt only:
     * the route's error handler (the spool) takes the batch at once instead of after a full retry
     * budget per batch, and the first success ends the failing state.
     */
    private String deliver(PutLogsRequest request, BooleanSupplier giveUp, LogstoreStatistics statistics)
            throws LogstoreException {
        RetryPolicy policy = endpoint.isFailing() ? RetryPolicy.NO_RETRIES : endpoint.retryPolicy();
        SendRateLimiter limiter = endpoint.getComponent() == null ? null : endpoint.getComponent().rateLimiter();
        if (giveUp.getAsBoolean()) {
            // The input is backing up behind this batch (a slow Logstore, or a backlog being
            // replayed): rather than wait on the destination, the route's error handler (the
            // spool) takes the batch now and the replay delivers it.
            statistics.failure();
            throw new LogstoreException("PutLogs to " + endpoint.describe() + " not sent: the input is backing up,"
                    + " the batch goes to the route's error handler", INPUT_BACKING_UP, 0, null, true, null);
        }
        for (int retry = 0; ; retry++) {
            long rateWait = limiter == null ? 0 : limiter.reserveMillis(request.body().length);
            if (rateWait > 0 && !waitToRetry(rateWait, () -> false)) {
                statistics.failure();
                throw new LogstoreException("PutLogs to " + endpoint.describe() + " not sent: stopped while waiting"
                        + " for the send rate limit", "Stopped", 0, null, true, null);
            }
            // Signed per attempt (after any wait): a retry after a long backoff needs a fresh Date.
            Map<String, String> headers = requests.sign(request, Instant.now());
            statistics.attempt(request.body().length, request.rawSize());
            Failure failure;
            long started = System.nanoTime();
            try {
                LogstoreHttpTransport.Answer answer = transport.send(request, headers);
                statistics.latency(System.nanoTime() - started);
                if (answer.status() == 200) {
                    statistics.delivered(request.logCount());
                    endpoint.succeeded();
                    return answer.requestId();
                }
                ErrorAnswer error = ErrorAnswer.parse(answer.body());
                failure = new Failure(error.errorCode() == null ? "HTTP" + answer.status() : error.errorCode(),
                        answer.status(), answer.requestId(), scrub(error.errorMessage()), null);
            } catch (IOException e) {
                statistics.latency(System.nanoTime() - started);
                failure = new Failure(LogstoreException.REQUEST_ERROR, 0, null,
                        e.getClass().getSimpleName() + ": " + scrub(String.valueOf(e.getMessage())), e);
            }
            ErrorClass errorClass = LogstoreErrorClassifier.classify(failure.code(), failure.status());
            if (errorClass.needsOperator() && warnedCodes.add(failure.code())) {
                LOG.warn("PutLogs to {} answered {} (HTTP {}): {}; check the endpoint, project, logstore,"
                                + " access key and clock. Retrying up to {} times; this is logged once per error code.",
                        endpoint.describe(), failure.code(), failure.status(), failure.message(), policy.maxRetries());
            }
            if (!errorClass.retryable() || !policy.canRetry(retry)) {
                statistics.failure(failure.code(), failure.status(), failure.message());
                if (errorClass.retryable()) {
                    endpoint.failed(failure.code(), retry + 1);
                }
                throw failure.toException(endpoint, errorClass.retryable(), retry,
                        errorClass.retryable() ? "retries exhausted" : "not retryable");
            }
            if (giveUp.getAsBoolean()) {
                // The input behind this batch is backing up: the route's error handler (the spool)
                // takes the batch now rather than after the whole retry budget.
                statistics.failure(failure.code(), failure.status(), failure.message());
                throw failure.toException(endpoint, true, retry, "input backing up, retries given up");
            }
            long delay = policy.delayMillis(retry);
            LOG.debug("PutLogs to {} failed with {} (HTTP {}), retry {} of {} in {} ms", endpoint.describe(),
                    failure.code(), failure.status(), retry + 1, policy.maxRetries(), delay);
            if (!waitToRetry(delay, giveUp)) {
                statistics.failure(failure.code(), failure.status(), failure.message());
                throw failure.toException(endpoint, true, retry, giveUp.getAsBoolean()
                        ? "input backing up, retries given up" : "stopped while waiting to retry");
            }
            statistics.retry();
        }
    }

    /** The exchange's {@link LogstoreConstants#GIVE_UP_RETRIES} signal, or never. */
    private static BooleanSupplier giveUpSignal(Exchange exchange) {
        Object signal = exchange.getProperty(LogstoreConstants.GIVE_UP_RETRIES);
        return signal instanceof BooleanSupplier supplier ? supplier : () -> false;
    }

    /**
     * Waits {@code millis}; false when the producer or the context stops, the exchange's input
     * backs up (or the thread is interrupted) first.
     */
    private boolean waitToRetry(long millis, BooleanSupplier giveUp) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            while (true) {
                if (!isRunAllowed() || getEndpoint().getCamelContext().isStopping() || giveUp.getAsBoolean()) {
                    return false;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                if (stopped.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(WAIT_SLICE_MILLIS)),
                        TimeUnit.NANOSECONDS)) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Server messages and IO errors are ours to log: make sure the secret cannot ride along. */
    private String scrub(String text) {
        String secret = endpoint.getConfiguration().getAccessKeySecret();
        String token = endpoint.getConfiguration().getSecurityToken();
        String clean = text;
        if (secret != null && !secret.isEmpty()) {
            clean = clean.replace(secret, "******");
        }
        if (token != null && !token.isEmpty()) {
            clean = clean.replace(token, "******");
        }
        return clean;
    }

    private record Failure(String code, int status, String requestId, String message, Throwable cause) {

        LogstoreException toException(LogstoreEndpoint endpoint, boolean retryable, int retries, String outcome) {
            String text = "PutLogs to " + endpoint.describe() + " failed: " + code
                    + (status > 0 ? " (HTTP " + status + ")" : "")
                    + (requestId != null ? ", request id " + requestId : "")
                    + (message.isEmpty() ? "" : ": " + message)
                    + " [" + outcome + " after " + (retries + 1) + " attempt" + (retries == 0 ? "" : "s") + "]";
            return new LogstoreException(text, code, status, requestId, retryable, cause);
        }
    }
}
