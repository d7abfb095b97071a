package io.logcamel.alarm;

/**
 * The alarm kinds, named as Logtail names them so that its users' queries keep working
 * ({@code __topic__: logtail_alarm and alarm_type: SEND_DATA_FAIL}). docs/operations.md says when
 * each is raised.
 */
public enum AlarmType {
    /** Lines that did not match their parse format. */
    PARSE_LOG_FAIL,
    /** Logs whose time could not be parsed (they keep the read time). */
    PARSE_TIME_FAIL,
    /** The destination refused a request (any error code but quota). */
    SEND_DATA_FAIL,
    /** The destination answered a write quota error. */
    SEND_QUOTA_EXCEED,
    /** Logs dropped on purpose: too old, filtered by a full queue, expired from the spool. */
    DISCARD_DATA,
    /** A file's unread backlog grew beyond the busy threshold. */
    READ_LOG_DELAY,
    /** A collection config could not be loaded or started. */
    CATEGORY_CONFIG,
    /** Bytes that were not valid in the file's encoding (replaced by U+FFFD). */
    ENCODING_CONVERT,
    /** Checkpoints could not be written: a restart would read the files again. */
    CHECKPOINT_FAIL,
    /** The agent paused its inputs to hold its CPU limit. */
    CPU_LIMIT,
    /** The agent went over a memory limit (paused, restarted or exited). */
    MEM_LIMIT
}
