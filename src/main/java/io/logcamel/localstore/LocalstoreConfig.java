package io.logcamel.localstore;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code logcamel.localstore.*} settings: whether and how the application runs the embedded Logstore. */
@ConfigMapping(prefix = "logcamel.localstore")
public interface LocalstoreConfig {

    /** Run the embedded Logstore in this application. */
    @WithDefault("false")
    boolean enabled();

    /** Address to bind; keep it on loopback unless other machines must ship to it. */
    @WithDefault("127.0.0.1")
    String host();

    /** Port to listen on. */
    @WithDefault("8480")
    int port();

    /** Directory of the embedded database; created if missing, kept across restarts. */
    @WithDefault("data/localstore")
    String dataDir();

    /** Accepted AccessKeys as {@code id:secret} entries; required when enabled. */
    Optional<List<String>> accessKeys();

    /** Project for requests whose Host names none (an IP address or bare localhost). */
    @WithDefault("demo")
    String defaultProject();

    /** Request handler threads. */
    @WithDefault("8")
    int threads();

    /**
     * Answer GetLogs without a signature when the client is on this machine, so the demo can be
     * read with a plain curl. PutLogs always needs a valid signature.
     */
    @WithDefault("false")
    boolean anonymousLoopbackRead();

    /**
     * fsync the journal before answering PutLogs (one fsync serves all requests waiting at that
     * moment). Off (the default), an acknowledged PutLogs survives a crash or kill of the process
     * but not of the machine; on, PutLogs waits for the disk, which measured up to seconds while
     * the database checkpoints on the same disk.
     */
    @WithDefault("false")
    boolean journalFsync();

    /** Accepted logs (bytes as received) not yet indexed before PutLogs answers 403 WriteQuotaExceed. */
    @WithDefault("256M")
    MemorySize maxIndexBacklog();

    /** How long a query waits for the logs accepted before it to be indexed; then it answers Incomplete. */
    @WithDefault("10s")
    Duration queryWait();

    /** Content keys of one logstore that get a column of their own; further keys go to a slower shared column. */
    @WithDefault("512")
    int maxColumns();

    /** Faults injected into PutLogs from start-up; tests can change them later. */
    Faults faults();

    interface Faults {

        /** Error code answered to a share of PutLogs, e.g. ServerBusy or WriteQuotaExceed. */
        Optional<String> errorCode();

        /** Share of PutLogs (0..1) answered with the error code. */
        @WithDefault("1.0")
        double rate();

        /** Answer every PutLogs with 503 ServerBusy. */
        @WithDefault("false")
        boolean outage();

        /** Delay added to every PutLogs answer. */
        @WithDefault("0")
        long latencyMillis();
    }
}
