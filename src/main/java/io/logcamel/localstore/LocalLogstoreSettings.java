package io.logcamel.localstore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to run the embedded Logstore.
 *
 * @param host           address to bind, e.g. {@code 127.0.0.1}
 * @param port           port to bind; 0 picks a free one (tests)
 * @param dataDir        where the embedded database and its journal live; survives restarts
 * @param accessKeys     accessKeyId to accessKeySecret: the keys whose signatures are accepted
 * @param defaultProject the project for requests whose Host carries none (an IP or bare {@code localhost})
 * @param threads        request handler threads (the HTTP server's pool is bounded by this)
 * @param anonymousLoopbackRead whether GetLogs without a signature is answered for clients on this
 *                       machine (so the demo can be read with a plain curl); PutLogs is always signed
 * @param storage        how accepted logs are kept and indexed
 */
public record LocalLogstoreSettings(String host, int port, Path dataDir, Map<String, String> accessKeys,
                                    String defaultProject, int threads, boolean anonymousLoopbackRead,
                                    Storage storage) {

    public static final int DEFAULT_THREADS = 8;

    /**
     * @param fsync          fsync the journal before answering PutLogs (one fsync serves every request
     *                       waiting at that moment); without it an acknowledged PutLogs survives a
     *                       crash of the process but not of the machine
     * @param maxBacklogBytes journal bytes (as received, compressed) accepted but not yet indexed
     *                       before PutLogs answers 403 WriteQuotaExceed
     * @param queryWait      how long a query waits for the logs accepted before it to become
     *                       queryable; past it the query answers what is there, marked Incomplete
     * @param maxColumns     content keys of one logstore that get a column of their own; further
     *                       keys are still stored and searchable, only slower
     */
    public record Storage(boolean fsync, long maxBacklogBytes, Duration queryWait, int maxColumns) {

        public static final Storage DEFAULTS = new Storage(false, 256L * 1024 * 1024, Duration.ofSeconds(10), 512);

        public Storage {
            Objects.requireNonNull(queryWait, "queryWait");
            if (maxBacklogBytes < 1) {
                throw new IllegalArgumentException("maxBacklogBytes must be at least 1, got " + maxBacklogBytes);
            }
            if (queryWait.isNegative()) {
                throw new IllegalArgumentException("queryWait must not be negative, got " + queryWait);
            }
            if (maxColumns < 1) {
                throw new IllegalArgumentException("maxColumns must be at least 1, got " + maxColumns);
            }
        }
    }

    public LocalLogstoreSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        accessKeys = Map.copyOf(Objects.requireNonNull(accessKeys, "accessKeys"));
        Objects.requireNonNull(defaultProject, "defaultProject");
        Objects.requireNonNull(storage, "storage");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    public LocalLogstoreSettings(String host, int port, Path dataDir, Map<String, String> accessKeys,
                                 String defaultProject) {
        this(host, port, dataDir, accessKeys, defaultProject, DEFAULT_THREADS, false, Storage.DEFAULTS);
    }

    public LocalLogstoreSettings(String host, int port, Path dataDir, Map<String, String> accessKeys,
                                 String defaultProject, int threads) {
        this(host, port, dataDir, accessKeys, defaultProject, threads, false, Storage.DEFAULTS);
    }

    public LocalLogstoreSettings(String host, int port, Path dataDir, Map<String, String> accessKeys,
                                 String defaultProject, int threads, boolean anonymousLoopbackRead) {
        this(host, port, dataDir, accessKeys, defaultProject, threads, anonymousLoopbackRead, Storage.DEFAULTS);
    }

    /** The same settings, answering unsigned GetLogs from this machine or not. */
    public LocalLogstoreSettings withAnonymousLoopbackRead(boolean allowed) {
        return new LocalLogstoreSettings(host, port, dataDir, accessKeys, defaultProject, threads, allowed, storage);
    }

    /** The same settings with other storage settings. */
    public LocalLogstoreSettings withStorage(Storage other) {
        return new LocalLogstoreSettings(host, port, dataDir, accessKeys, defaultProject, threads, anonymousLoopbackRead, other);
    }

    /** Never shows the secrets: settings may end up in a log line. */
    @Override
    public String toString() {
        return "LocalLogstoreSettings[host=" + host + ", port=" + port + ", dataDir=" + dataDir
                + ", accessKeyIds=" + accessKeys.keySet() + ", defaultProject=" + defaultProject
                + ", threads=" + threads + ", anonymousLoopbackRead=" + anonymousLoopbackRead + ", storage=" + storage + "]";
    }
}
