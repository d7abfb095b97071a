package io.logcamel.logstore;

/**
 * A PutLogs that failed for good: not retryable, or still failing when the retries ran out.
 * Camel's error handler (dead letter channel, spool) decides what happens to the batch.
 *
 * <p>The message names project, logstore and endpoint host, never credentials.
 */
public class LogstoreException extends Exception {

    /** Client-side code for network errors and timeouts, which carry no server answer. */
    public static final String REQUEST_ERROR = "RequestError";

    private final String errorCode;
    private final int httpStatus;
    private final String requestId;
    private final boolean retryable;

    public LogstoreException(String message, String errorCode, int httpStatus, String requestId,
                             boolean retryable, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
        this.requestId = requestId;
        this.retryable = retryable;
    }

    /** The Log Service {@code errorCode}, or {@link #REQUEST_ERROR} when no answer came back. */
    public String errorCode() {
        return errorCode;
    }

    /** The HTTP status of the last answer, or 0 when no answer came back. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code x-log-requestid} of the last answer, or null. */
    public String requestId() {
        return requestId;
    }

    /**
     * True when the failure class is one that may succeed later (quota, server busy, network,
     * credentials): a dead letter channel may try again; false when resending as is cannot help.
     */
    public boolean isRetryable() {
        return retryable;
    }
}
