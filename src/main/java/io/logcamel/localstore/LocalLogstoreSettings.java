package io.logcamel.localstore;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How to run the embedded Logstore.
 *
 * @param host           address to bind, e.g. {@code 127.0.0.1}
 * @param port           port to bind; 0 picks a free one (tests)
 * @param dataDir        where the embedded database lives; survives restarts
 * @param accessKeys     accessKeyId to accessKeySecret: the keys whose signatures are accepted
 * @param defaultProject the project for requests whose Host carries none (an IP or bare {@code localhost})
 * @param threads        request handler threads (the HTTP server's pool is bounded by this)
 * @param anonymousLoopbackRead whether GetLogs without a signature is answered for clients on this
 *                       machine (so the demo can be read with a plain curl); PutLogs is always signed
 */
public record LocalLogstoreSettings(String host, int port, Path dataDir, Map<String, String> accessKeys,
                                    String defaultProject, int threads, boolean anonymousLoopbackRead) {

    public static final int DEFAULT_THREADS = 8;

    public LocalLogstoreSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        accessKeys = Map.copyOf(Objects.requireNonNull(accessKeys, "accessKeys"));
        Objects.requireNonNull(defaultProject, "defaultProject");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    public LocalLogstoreSettings(String host, int port, Path dataDir, Map<String, String> accessKeys,
                                 String defaultProject) {
        this(host, port, dataDir, accessKeys, defaultProject, DEFAULT_THREADS, false);
    }

    public LocalLogstoreSettings(String host, int port, Path dataDir, Map<String, String> accessKeys,
                                 String defaultProject, int threads) {
        this(host, port, dataDir, accessKeys, defaultProject, threads, false);
    }

    /** The same settings, answering unsigned GetLogs from this machine or not. */
    public LocalLogstoreSettings withAnonymousLoopbackRead(boolean allowed) {
        return new LocalLogstoreSettings(host, port, dataDir, accessKeys, defaultProject, threads, allowed);
    }

    /** Never shows the secrets: settings may end up in a log line. */
    @Override
    public String toString() {
        return "LocalLogstoreSettings[host=" + host + ", port=" + port + ", dataDir=" + dataDir
                + ", accessKeyIds=" + accessKeys.keySet() + ", defaultProject=" + defaultProject
                + ", threads=" + threads + ", anonymousLoopbackRead=" + anonymousLoopbackRead + "]";
    }
}
