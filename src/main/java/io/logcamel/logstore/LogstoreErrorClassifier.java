package io.logcamel.logstore;

import java.util.Map;

/**
 * Sorts failed PutLogs into {@link ErrorClass}es. Like the official clients it looks at the
 * {@code errorCode} first and falls back on the HTTP status only for codes it does not know:
 * the same status (403, 400) carries both retryable and hopeless codes.
 */
public final class LogstoreErrorClassifier {

    private static final Map<String, ErrorClass> BY_CODE = Map.ofEntries(
            Map.entry("WriteQuotaExceed", ErrorClass.QUOTA),
            Map.entry("ShardWriteQuotaExceed", ErrorClass.QUOTA),
            Map.entry("ExceedQuota", ErrorClass.QUOTA),
            Map.entry("ServerBusy", ErrorClass.TRANSIENT),
            Map.entry("InternalServerError", ErrorClass.TRANSIENT),
            Map.entry(LogstoreException.REQUEST_ERROR, ErrorClass.TRANSIENT),
            Map.entry("RequestTimeExpired", ErrorClass.CLOCK),
            Map.entry("Unauthorized", ErrorClass.CREDENTIALS),
            Map.entry("SignatureNotMatch", ErrorClass.CREDENTIALS),
            Map.entry("InvalidAccessKeyId", ErrorClass.CREDENTIALS),
            Map.entry("ProjectNotExist", ErrorClass.MISCONFIGURED),
            Map.entry("LogStoreNotExist", ErrorClass.MISCONFIGURED),
            Map.entry("PostBodyTooLarge", ErrorClass.BAD_REQUEST),
            Map.entry("InvalidLogSize", ErrorClass.BAD_REQUEST));

    private LogstoreErrorClassifier() {
    }

    /**
     * @param errorCode  the answer's {@code errorCode}, or null when the body had none
     * @param httpStatus the HTTP status, or 0 for a request that got no answer
     */
    public static ErrorClass classify(String errorCode, int httpStatus) {
        if (errorCode != null) {
            ErrorClass known = BY_CODE.get(errorCode);
            if (known != null) {
                return known;
            }
        }
        if (httpStatus == 0 || httpStatus >= 500 || httpStatus == 429) {
            return ErrorClass.TRANSIENT;
        }
        return ErrorClass.BAD_REQUEST;
    }
}
