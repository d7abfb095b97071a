package io.logcamel.input.http;

import io.logcamel.logstore.LogstoreException;
import io.logcamel.spool.SpoolFullException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * The answer of an HTTP push request whose batch was neither delivered nor spooled, as the
 * {@code doCatch} of the route: the client must learn whether sending it again can help.
 *
 * <ul>
 * <li>503 with {@code Retry-After}: the spool is full (or there is none) and the Logstore does not
 *     take data now; nothing of the request was kept, a retry later duplicates nothing.</li>
 * <li>413: the Logstore refuses an event as too large ({@code InvalidLogSize},
 *     {@code PostBodyTooLarge}); 400 for any other refusal of the data itself. Do not retry.</li>
 * <li>500 for anything else (a bug or a broken disk); the error is in the agent's log only.</li>
 * </ul>
 */
public class HttpPushFailure implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(HttpPushFailure.class);
    private static final Set<String> TOO_LARGE = Set.of("InvalidLogSize", "PostBodyTooLarge");

    private HttpPushGate gate;

    @Override
    public void process(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LogstoreException refusal = find(caught, LogstoreException.class);
        if (find(caught, SpoolFullException.class) != null || (refusal != null && refusal.isRetryable())) {
            LOG.debug("HTTP push request refused for now: {}", String.valueOf(caught));
            gate.busy(exchange, "the Logstore does not take data now and the spool is full");
        } else if (refusal != null) {
            boolean tooLarge = TOO_LARGE.contains(refusal.errorCode());
            HttpPushGate.refuse(exchange, tooLarge ? 413 : 400, "refused by the Logstore (" + refusal.errorCode()
                    + "): do not send this request again as it is");
        } else {
            LOG.error("HTTP push request failed", caught);
            HttpPushGate.refuse(exchange, 500, "internal error");
        }
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The route's gate: a 503 says Retry-After as the gate does, and is counted with its refusals. */
    public void setGate(HttpPushGate gate) {
        this.gate = gate;
    }
}
