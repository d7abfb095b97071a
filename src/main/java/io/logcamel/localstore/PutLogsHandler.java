package io.logcamel.localstore;

import io.logcamel.event.LogBatch;
import io.logcamel.logstore.sign.SignatureV4;
import io.logcamel.logstore.wire.CompressType;
import io.logcamel.logstore.wire.LogGroupDecoder;

import java.sql.SQLException;

/**
 * PutLogs: checks the body against its declared size and compression, decodes the LogGroup and
 * stores it. Authentication has already happened; faults are applied first so that a failed
 * request stores nothing.
 */
final class PutLogsHandler {

    static final int MAX_RAW_BODY = 10 * 1024 * 1024;

    private final LogTable table;
    private final FaultInjector faults;
    private final LocalstoreStats stats;

    PutLogsHandler(LogTable table, FaultInjector faults, LocalstoreStats stats) {
        this.table = table;
        this.faults = faults;
        this.stats = stats;
    }

    /** Stores the request's logs into {@code logstore}; returns how many. */
    int handle(IncomingRequest request, String logstore) throws InterruptedException {
        faults.apply();
        // the authenticator checked whichever digest is present; without one the body is unsigned
        if (isBlank(request.header("Content-MD5")) && isBlank(request.header(SignatureV4.CONTENT_SHA256_HEADER))) {
            throw LogstoreError.badRequest("InvalidContentMD5", "PutLogs needs a Content-MD5 header");
        }
        LogBatch batch = decode(decompress(request));
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            int stored = table.append(request.project(), logstore, batch, System.currentTimeMillis());
            stats.rowsReceived(stored);
            return stored;
        } catch (SQLException e) {
            throw new LogstoreError(500, "InternalServerError", "storing the logs failed: " + e.getMessage());
        }
    }

    private static byte[] decompress(IncomingRequest request) {
        CompressType compression;
        try {
            compression = CompressType.parse(request.header("x-log-compresstype"));
        } catch (IllegalArgumentException e) {
            throw LogstoreError.badRequest("InvalidCompressType", e.getMessage());
        }
        String declared = request.header("x-log-bodyrawsize");
        int rawSize;
        if (declared == null || declared.isBlank()) {
            if (compression != CompressType.NONE) {
                throw LogstoreError.badRequest("InvalidBodyRawSize", "x-log-bodyrawsize is required with x-log-compresstype");
            }
            rawSize = request.body().length;
        } else {
            try {
                rawSize = Integer.parseInt(declared.trim());
            } catch (NumberFormatException e) {
                throw LogstoreError.badRequest("InvalidBodyRawSize", "x-log-bodyrawsize '" + declared + "' is not a number");
            }
        }
        if (rawSize < 0) {
            throw LogstoreError.badRequest("InvalidBodyRawSize", "x-log-bodyrawsize must not be negative");
        }
        if (rawSize > MAX_RAW_BODY) {
            throw new LogstoreError(413, "PostBodyTooLarge",
                    "the raw body of " + rawSize + " bytes is over the limit of " + MAX_RAW_BODY + " bytes");
        }
        if (compression == CompressType.NONE) {
            if (request.body().length != rawSize) {
                throw LogstoreError.badRequest("InvalidBodyRawSize", "the body has " + request.body().length
                        + " bytes but x-log-bodyrawsize says " + rawSize);
            }
            return request.body();
        }
        try {
            return compression.decompress(request.body(), rawSize);
        } catch (RuntimeException e) {
            throw LogstoreError.badRequest("InvalidBodyRawSize", "the " + compression.headerValue()
                    + " body does not inflate to x-log-bodyrawsize " + rawSize + " bytes: " + e.getMessage());
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static LogBatch decode(byte[] raw) {
        try {
            return LogGroupDecoder.decode(raw);
        } catch (RuntimeException e) {
            throw LogstoreError.badRequest("ProtoParseLogFail", "the body is not a valid LogGroup: " + e.getMessage());
        }
    }
}
