package io.logcamel.logstore;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * True when the exchange failed with a {@link LogstoreException} that a later attempt may fix
 * (quota, server busy, network, credentials): the batch belongs in the spool. False for a refusal
 * of the data itself (too large, invalid), which no spool replay could deliver. For a
 * {@code doCatch} in YAML: {@code onWhen: {ref: retryableLogstoreFailure}} with a bean of this type.
 */
public class RetryableFailure implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught == null) {
            caught = exchange.getException();
        }
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof LogstoreException failure) {
                return failure.isRetryable();
            }
        }
        return false;
    }
}
