package io.logcamel.status;

import java.util.List;

/**
 * What one collection config (route) is doing, as {@code GET /q/logcamel/status} answers it.
 *
 * @param state         {@code ok}, {@code send_error}, {@code parse_error}, {@code busy}, {@code paused} or {@code failed}
 * @param errorCode     the last error's code (PutLogs error code, {@code CheckpointWriteFailed}, ...), or null
 * @param errorMessage  the last error's message (never credentials), or null
 * @param errorTime     ISO-8601 time of the last error, or null
 * @param failingSince  ISO-8601 time since which every delivery failed (or checkpoints could not be written), or null
 * @param bytesBehind   what its files hold beyond the acknowledged offsets
 * @param lastDelivery  ISO-8601 time of the last acknowledged PutLogs, or null
 * @param pausedBy      the reasons its input is paused for
 */
public record RouteStatus(String route, String state, String errorCode, String errorMessage, String errorTime,
                          String failingSince, long bytesBehind, String lastDelivery, long logsDelivered,
                          long sendFailures, long parseUnmatched, List<String> pausedBy) {

    public static final String OK = "ok";
    public static final String SEND_ERROR = "send_error";
    public static final String PARSE_ERROR = "parse_error";
    public static final String BUSY = "busy";
    public static final String PAUSED = "paused";
    public static final String FAILED = "failed";
}
