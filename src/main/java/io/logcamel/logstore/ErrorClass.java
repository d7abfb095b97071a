package io.logcamel.logstore;

/** What a failed PutLogs means for the client, after {@link LogstoreErrorClassifier}. */
public enum ErrorClass {
    /** Over the write quota: wait and try again. */
    QUOTA(true, false),
    /** Server busy, 5xx, network error, timeout: wait and try again. */
    TRANSIENT(true, false),
    /** The client clock is off by more than 15 minutes: re-sign with a fresh Date and retry. */
    CLOCK(true, true),
    /**
     * Wrong key or signature. Retried like the official producer does (keys may be rotated while
     * the agent runs), but reported loudly because it usually needs an operator.
     */
    CREDENTIALS(true, true),
    /** The project or logstore does not exist. Retried like the official producer does; reported loudly. */
    MISCONFIGURED(true, true),
    /** The request itself is wrong (too large, invalid log): resending it as is cannot succeed. */
    BAD_REQUEST(false, false);

    private final boolean retryable;
    private final boolean needsOperator;

    ErrorClass(boolean retryable, boolean needsOperator) {
        this.retryable = retryable;
        this.needsOperator = needsOperator;
    }

    public boolean retryable() {
        return retryable;
    }

    /** True for failures an operator must see even while they are being retried. */
    public boolean needsOperator() {
        return needsOperator;
    }
}
