package io.logcamel.localstore;

import java.util.concurrent.atomic.LongAdder;

/** Counters of what the local Logstore received, for status pages and tests. */
public final class LocalstoreStats {

    private final LongAdder requests = new LongAdder();
    private final LongAdder failedRequests = new LongAdder();
    private final LongAdder rows = new LongAdder();

    void request(boolean succeeded) {
        requests.increment();
        if (!succeeded) {
            failedRequests.increment();
        }
    }

    void rowsReceived(int count) {
        rows.add(count);
    }

    /** Requests answered, successful or not. */
    public long requests() {
        return requests.sum();
    }

    public long failedRequests() {
        return failedRequests.sum();
    }

    /** Logs stored by PutLogs. */
    public long rowsReceived() {
        return rows.sum();
    }
}
