package io.logcamel.localstore;

import java.io.IOException;

/**
 * The embedded Logstore: PutLogs and GetLogs of the Log Service protocol over HTTP, signatures
 * checked, logs kept in an embedded database. (Contract stub: the local Logstore work fills it in.)
 */
public final class LocalLogstoreServer implements AutoCloseable {

    public static LocalLogstoreServer start(LocalLogstoreSettings settings) throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public FaultInjector faults() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public void close() {
    }
}
