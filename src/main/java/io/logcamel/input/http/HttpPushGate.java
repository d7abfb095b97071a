package io.logcamel.input.http;

import io.logcamel.input.FlowControl;
import io.logcamel.input.HeldFlowControl;
import io.logcamel.input.PauseReasons;
import io.logcamel.metrics.MeterScope;
import io.logcamel.metrics.Metered;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The first step of an HTTP push route: refuses a request without the configured credentials
 * (401) or with a body over the size limit (413) before anything is parsed or shipped. A refused
 * request ends the route with that answer; nothing of it is stored.
 *
 * <p>Credentials: a bearer {@code token} ({@code Authorization: Bearer <token>}), or
 * {@code username} + {@code password} (basic auth), or both (either is accepted). With neither
 * the endpoint is open, which is logged at WARN once.
 *
 * <p>It also bounds the memory the input holds: the bodies of the requests still being delivered
 * or spooled add up to at most {@code maxInFlightBytes}; a request beyond it, or any request while
 * the input is paused (its {@link FlowControl} hook), is answered 503 with {@code Retry-After}
 * before its body is parsed. Nothing of a 503 request is kept, so its retry duplicates nothing.
 *
 * <p>A form body ({@code application/x-www-form-urlencoded}, what {@code curl -d} sends when no
 * Content-Type is given, or {@code multipart/form-data}) is answered 415 naming the types that
 * are taken: the HTTP engine has already split it into form fields, so its lines can no longer be
 * read as they were sent, and guessing would store something else than the client meant.
 */
public class HttpPushGate implements Processor, HeldFlowControl, Metered {

    private static final Logger LOG = LoggerFactory.getLogger(HttpPushGate.class);

    private String token = "";
    private String username = "";
    private String password = "";
    private long maxBodyBytes = 4L * 1024 * 1024;
    private long maxInFlightBytes = 16L * 1024 * 1024;
    private int retryAfterSeconds = 5;
    private volatile boolean warnedOpen;
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final AtomicLong busyRefusals = new AtomicLong();
    private final AtomicLong refusedRequests = new AtomicLong();
    private final PauseReasons paused = new PauseReasons(isPaused -> { });

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        if (!authorized(message.getHeader("Authorization", String.class))) {
            refusedRequests.incrementAndGet();
            FormBody.dropFields(message);
            refuse(exchange, 401, "unauthorized");
            message.setHeader("WWW-Authenticate", token.isEmpty() ? "Basic realm=\"logcamel\"" : "Bearer");
            return;
        }
        if (FormBody.isForm(message)) {
            FormBody.refuse(exchange);
            refusedRequests.incrementAndGet();
            return;
        }
        Long declared = message.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (declared != null && declared > maxBodyBytes) {
            refusedRequests.incrementAndGet();
            refuse(exchange, 413, "body of " + declared + " bytes is over the limit of " + maxBodyBytes);
            return;
        }
        byte[] body = message.getBody(byte[].class);
        if (body != null && body.length > maxBodyBytes) {
            refusedRequests.incrementAndGet();
            refuse(exchange, 413, "body of " + body.length + " bytes is over the limit of " + maxBodyBytes);
            return;
        }
        long size = body == null ? 0 : body.length;
        if (paused.isPaused()) {
            busy(exchange, "paused (" + String.join(", ", paused.reasons()) + ")");
            return;
        }
        long inFlight = inFlightBytes.addAndGet(size);
        if (inFlight > maxInFlightBytes && inFlight != size) { // one request alone always gets in
            inFlightBytes.addAndGet(-size);
            busy(exchange, "too many requests in flight");
            return;
        }
        exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                inFlightBytes.addAndGet(-size);
            }
        });
        message.setBody(body);
        message.removeHeader("Authorization"); // never passed further down the route
    }

    /** 503 with Retry-After: the client should send the same request again later. */
    void busy(Exchange exchange, String reason) {
        busyRefusals.incrementAndGet();
        refuse(exchange, 503, "busy: " + reason + "; retry after " + retryAfterSeconds + " s");
        exchange.getMessage().setHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }

    @Override
    public FlowControl flow() {
        return paused;
    }

    /** Requests answered 401, 413 or 415 by this gate: the client is told not to send them again. */
    public long refusedRequests() {
        return refusedRequests.get();
    }

    @Override
    public void bindMeters(MeterScope scope) {
        scope.counter("logcamel.http.busy.requests", "requests answered 503 + Retry-After (paused or too much in flight)",
                        busyRefusals, AtomicLong::doubleValue)
                .counter("logcamel.http.refused.requests", "requests answered 401, 413 or 415 (not to be sent again)",
                        refusedRequests, AtomicLong::doubleValue);
    }

    /** Bytes of request bodies being delivered or spooled now. */
    public long inFlightBytes() {
        return inFlightBytes.get();
    }

    /** Requests answered 503 because the input was paused or had too much in flight. */
    public long busyRefusals() {
        return busyRefusals.get();
    }

    private boolean authorized(String header) {
        if (token.isEmpty() && username.isEmpty()) {
            if (!warnedOpen) {
                warnedOpen = true;
                LOG.warn("HTTP push endpoint has neither a token nor basic auth configured: it accepts anyone");
            }
            return true;
        }
        if (header == null) {
            return false;
        }
        if (!token.isEmpty() && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && constantTimeEquals(header.substring(7).trim(), token)) {
            return true;
        }
        if (!username.isEmpty() && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                return constantTimeEquals(pair, username + ":" + password);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean constantTimeEquals(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    static void refuse(Exchange exchange, int status, String reason) {
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "text/plain");
        message.setBody(reason);
        exchange.setRouteStop(true);
    }

    public String getToken() {
        return token;
    }

    /** The bearer token clients must send; empty: no token accepted. */
    public void setToken(String token) {
        this.token = token == null ? "" : token.trim();
    }

    public String getUsername() {
        return username;
    }

    /** The basic-auth user name; empty: basic auth not accepted. */
    public void setUsername(String username) {
        if (username != null && username.contains(":")) {
            throw new IllegalArgumentException("logcamel.http-push.username must not contain ':'");
        }
        this.username = username == null ? "" : username;
    }

    public String getPassword() {
        return password;
    }

    /** The basic-auth password. */
    public void setPassword(String password) {
        this.password = password == null ? "" : password;
    }

    public long getMaxInFlightBytes() {
        return maxInFlightBytes;
    }

    /**
     * The bodies of requests still being delivered or spooled add up to at most this; a request
     * beyond it is answered 503 with Retry-After (one request alone always gets in).
     */
    public void setMaxInFlightBytes(long maxInFlightBytes) {
        if (maxInFlightBytes <= 0) {
            throw new IllegalArgumentException("logcamel.http-push.max-in-flight-bytes must be positive, was "
                    + maxInFlightBytes);
        }
        this.maxInFlightBytes = maxInFlightBytes;
    }

    public int getRetryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The Retry-After of a 503, in seconds. */
    public void setRetryAfterSeconds(int retryAfterSeconds) {
        if (retryAfterSeconds < 1) {
            throw new IllegalArgumentException("logcamel.http-push.retry-after must be at least 1 second, was "
                    + retryAfterSeconds);
        }
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long getMaxBodyBytes() {
        return maxBodyBytes;
    }

    /** The largest request body accepted, in bytes; larger ones get 413. */
    public void setMaxBodyBytes(long maxBodyBytes) {
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("logcamel.http-push.max-body-bytes must be positive, was " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
    }
}
