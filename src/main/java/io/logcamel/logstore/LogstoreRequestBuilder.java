package io.logcamel.logstore;

import io.logcamel.logstore.sign.Digests;
import io.logcamel.logstore.sign.RequestSigner;
import io.logcamel.logstore.wire.CompressType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns an encoded LogGroup into a PutLogs request ({@link #build}) and signs a copy of it for
 * each attempt ({@link #sign}), so that a retry carries a fresh Date.
 */
public final class LogstoreRequestBuilder {

    public static final String API_VERSION = "0.6.0";
    public static final String CONTENT_TYPE = "application/x-protobuf";

    private final String hostHeader;
    private final String logstore;
    private final CompressType compressType;
    private final RequestSigner signer;

    public LogstoreRequestBuilder(String hostHeader, String logstore, CompressType compressType, RequestSigner signer) {
        this.hostHeader = hostHeader;
        this.logstore = logstore;
        this.compressType = compressType;
        this.signer = signer;
    }

    /** @param hashKey the shard's hash key, or null/empty to let the service balance */
    public PutLogsRequest build(byte[] rawLogGroup, int logCount, String hashKey) {
        return build(rawLogGroup, rawLogGroup.length, logCount, hashKey);
    }

    /**
     * The request of the LogGroup {@code rawLogGroup[0, rawLength)}; the array is not kept, so it
     * may be an encoder's buffer (see {@link io.logcamel.logstore.wire.LogGroupEncoder#end}).
     */
    public PutLogsRequest build(byte[] rawLogGroup, int rawLength, int logCount, String hashKey) {
        byte[] body = compressType.compress(rawLogGroup, 0, rawLength);
        Map<String, String> query = new LinkedHashMap<>();
        String path;
        if (hashKey == null || hashKey.isEmpty()) {
            path = "/logstores/" + logstore + "/shards/lb";
        } else {
            path = "/logstores/" + logstore + "/shards/route";
            query.put("key", hashKey);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", hostHeader);
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("Content-MD5", Digests.md5UpperHex(body));
        headers.put("x-log-apiversion", API_VERSION);
        headers.put("x-log-bodyrawsize", Integer.toString(rawLength));
        if (compressType.headerValue() != null) {
            headers.put("x-log-compresstype", compressType.headerValue());
        }
        return new PutLogsRequest(path, Map.copyOf(query), Map.copyOf(headers), body, rawLength, logCount);
    }

    /** All headers of one attempt, signed at {@code now}. */
    public Map<String, String> sign(PutLogsRequest request, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        signer.sign("POST", request.path(), request.query(), headers, request.body(), now);
        return headers;
    }
}
