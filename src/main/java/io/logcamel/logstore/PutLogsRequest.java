package io.logcamel.logstore;

import java.util.Map;

/**
 * One PutLogs ready to sign and send: the body as sent (compressed) and the headers that do not
 * depend on the time of sending. Signing adds Date and Authorization for each attempt.
 *
 * @param path        {@code /logstores/{logstore}/shards/lb} or {@code .../shards/route}
 * @param query       the query parameters, not URL-encoded (as the signature wants them)
 * @param headers     Host, Content-Type, Content-MD5 and the {@code x-log-*} headers
 * @param body        the compressed LogGroup
 * @param logCount    how many logs the LogGroup holds
 */
public record PutLogsRequest(String path, Map<String, String> query, Map<String, String> headers, byte[] body,
                             int rawSize, int logCount) {
}
