package io.logcamel.localstore;

import java.util.concurrent.atomic.LongAdder;

/** Counters of what the local Logstore received and stored, for status pages and tests. */
public final class LocalstoreStats {

    private final LongAdder requests = new LongAdder();
    private final LongAdder failedRequests = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final LongAdder indexedRows = new LongAdder();
    private final LongAdder droppedRecords = new LongAdder();

    void request(boolean succeeded) {
        requests.increment();
        if (!succeeded) {
            failedRequests.increment();
        }
    }

    void rowsReceived(int count) {
        rows.add(count);
    }

    void rowsIndexed(long count) {
        indexedRows.add(count);
    }

    void recordDropped() {
        droppedRecords.increment();
    }

    /** Requests answered, successful or not. */
    public long requests() {
        return requests.sum();
    }

    public long failedRequests() {
        return failedRequests.sum();
    }

    /** Logs accepted by PutLogs (durably journaled). */
    public long rowsReceived() {
        return rows.sum();
    }

    /** Logs moved from the journal into the database since start (queryable). */
    public long rowsIndexed() {
        return indexedRows.sum();
    }

    /** Journal records that could not be read back and were skipped (should stay 0). */
    public long droppedRecords() {
        return droppedRecords.sum();
    }
}
