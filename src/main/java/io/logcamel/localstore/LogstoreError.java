package io.logcamel.localstore;

/**
 * A request the local Logstore refuses, answered as Log Service does: an HTTP status plus
 * {@code {"errorCode": ..., "errorMessage": ...}}. Clients sort errors by the code, so the code is
 * the part that must match the real service.
 */
final class LogstoreError extends RuntimeException {

    private final int status;
    private final String code;

    LogstoreError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static LogstoreError badRequest(String code, String message) {
        return new LogstoreError(400, code, message);
    }

    static LogstoreError parameterInvalid(String message) {
        return new LogstoreError(400, "ParameterInvalid", message);
    }

    /** The status Log Service answers an injected error code with. */
    static int statusOf(String code) {
        return switch (code) {
            case "ServerBusy" -> 503;
            case "InternalServerError" -> 500;
            case "WriteQuotaExceed", "ShardWriteQuotaExceed", "ExceedQuota" -> 403;
            case "Unauthorized", "SignatureNotMatch" -> 401;
            case "ProjectNotExist", "LogStoreNotExist" -> 404;
            case "PostBodyTooLarge" -> 413;
            default -> 400;
        };
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
