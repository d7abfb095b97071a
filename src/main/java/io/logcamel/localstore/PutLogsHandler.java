package io.logcamel.localstore;

import io.logcamel.event.LogBatch;
import io.logcamel.logstore.sign.SignatureV4;
import io.logcamel.logstore.wire.CompressType;
import io.logcamel.logstore.wire.LogGroupDecoder;

import java.io.IOException;

/**
 * PutLogs: checks the body against its declared size and compression, decodes the LogGroup to
 * refuse what is not one, and answers once the body is durably in the journal (the indexer
 * stores it in the database from there). Authentication has already happened; faults are applied
 * first so that a failed request stores nothing.
 */
final class PutLogsHandler {

    static final int MAX_RAW_BODY = 10 * 1024 * 1024;

    private final Journal journal;
    private final LogIndexer indexer;
    private final long maxBacklogBytes;
    private final FaultInjector faults;
    private final LocalstoreStats stats;

    PutLogsHandler(Journal journal, LogIndexer indexer, long maxBacklogBytes, FaultInjector faults, LocalstoreStats stats) {
        this.journal = journal;
        this.indexer = indexer;
        this.maxBacklogBytes = maxBacklogBytes;
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
        long backlog = indexer.backlogBytes();
        if (backlog > maxBacklogBytes) {
            // a bounded journal: the agent's retry and spool take over instead of this disk filling up
            throw new LogstoreError(403, "WriteQuotaExceed", "the local Logstore has " + backlog / (1024 * 1024)
                    + " MB of accepted logs not yet indexed (limit " + maxBacklogBytes / (1024 * 1024) + " MB); retry later");
        }
        Decompressed body = decompress(request);
        LogBatch batch = decode(body.raw);
        if (batch.isEmpty()) {
            return 0;
        }
        IngestRecord record = new IngestRecord(request.project(), logstore, System.currentTimeMillis(), body.compression,
                body.raw.length, request.body());
        try {
            journal.awaitDurable(journal.append(record.encode()));
        } catch (IOException e) {
            throw new LogstoreError(500, "InternalServerError", "writing the logs to the journal failed: " + e.getMessage());
        }
        stats.rowsReceived(batch.size());
        return batch.size();
    }

    private record Decompressed(CompressType compression, byte[] raw) {
    }

    private static Decompressed decompress(IncomingRequest request) {
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
            return new Decompressed(compression, request.body());
        }
        try {
            return new Decompressed(compression, compression.decompress(request.body(), rawSize));
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
