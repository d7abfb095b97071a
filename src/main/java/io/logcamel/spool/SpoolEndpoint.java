package io.logcamel.spool;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Keep log batches that could not be delivered on local disk, and replay them in order.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "spool", title = "Spool", syntax = "spool:name",
             category = {Category.FILE}, headersClass = SpoolConstants.class)
public class SpoolEndpoint extends DefaultEndpoint {

    /** The spool's name: its subdirectory of the spool directory. A producer and a consumer of one name share it. */
    @UriPath
    @Metadata(required = true)
    private String name;
    /** The directory holding the spool's subdirectory; defaults to the component's directory. */
    @UriParam
    private String directory;
    /** A segment file is closed and a new one started once the next record would take it past this many bytes. */
    @UriParam(defaultValue = "67108864")
    private long segmentBytes = SpoolSettings.DEFAULT_SEGMENT_BYTES;
    /**
     * The cap on bytes spooled and not yet replayed; at the cap, fullPolicy decides. Disk use can
     * exceed it by one partly replayed segment.
     */
    @UriParam(defaultValue = "1073741824")
    private long maxBytes = SpoolSettings.DEFAULT_MAX_BYTES;
    /**
     * At the cap: block refuses the new record, so the exchange fails and inputs do not advance
     * their checkpoints (they pause and resume once replay makes room); dropOldest drops the oldest
     * records, counted.
     */
    @UriParam(defaultValue = "block", enums = "block,dropOldest")
    private String fullPolicy = "block";
    /** Records older than this are dropped, counted, and never replayed. */
    @UriParam(defaultValue = "24h", javaType = "java.time.Duration")
    private long ttl = SpoolSettings.DEFAULT_TTL.toMillis();
    /**
     * 0 forces every record to disk before the append returns (a spooled exchange is then safe
     * across power loss); otherwise records are forced at most this often, trading the last
     * interval's records on power loss (not on a process crash) for throughput.
     */
    @UriParam(defaultValue = "0", javaType = "java.time.Duration")
    private long fsyncInterval;
    /** Consumer: the first wait after a failed replay; doubled on each further failure up to maxRetryDelay. */
    @UriParam(label = "consumer", defaultValue = "1s", javaType = "java.time.Duration")
    private long retryDelay = 1000;
    /** Consumer: the longest wait between replay attempts while the next step keeps failing. */
    @UriParam(label = "consumer", defaultValue = "30s", javaType = "java.time.Duration")
    private long maxRetryDelay = 30_000;
    /** Consumer: how long an empty spool waits before looking again (an append wakes it sooner). */
    @UriParam(label = "consumer", defaultValue = "1s", javaType = "java.time.Duration")
    private long idleDelay = 1000;

    private SpoolSettings settings;
    private SpoolStore store;

    public SpoolEndpoint() {
    }

    public SpoolEndpoint(String uri, SpoolComponent component) {
        super(uri, component);
    }

    @Override
    public SpoolComponent getComponent() {
        return (SpoolComponent) super.getComponent();
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        Path base = directory != null && !directory.isBlank() ? Path.of(directory.trim())
                : getComponent().resolveDirectory();
        FullPolicy policy;
        try {
            policy = FullPolicy.parse(fullPolicy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spool:" + name + ": option fullPolicy: " + e.getMessage(), e);
        }
        if (retryDelay <= 0 || maxRetryDelay < retryDelay) {
            throw new IllegalArgumentException("spool:" + name + ": options retryDelay (" + retryDelay
                    + " ms) and maxRetryDelay (" + maxRetryDelay + " ms) must be positive, retryDelay <= maxRetryDelay");
        }
        try {
            settings = new SpoolSettings(base.resolve(name), segmentBytes, maxBytes, policy, Duration.ofMillis(ttl),
                    fsyncInterval);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spool:" + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        store = getComponent().store(settings);
        SpoolMetrics.register(getCamelContext(), name, store);
    }

    /** The store behind this endpoint, open while the endpoint is started. */
    public SpoolStore store() {
        return store;
    }

    SpoolSettings settings() {
        return settings;
    }

    @Override
    public Producer createProducer() {
        return new SpoolProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SpoolConsumer consumer = new SpoolConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getDirectory() { return directory; }
    public void setDirectory(String directory) { this.directory = directory; }
    public long getSegmentBytes() { return segmentBytes; }
    public void setSegmentBytes(long segmentBytes) { this.segmentBytes = segmentBytes; }
    public long getMaxBytes() { return maxBytes; }
    public void setMaxBytes(long maxBytes) { this.maxBytes = maxBytes; }
    public String getFullPolicy() { return fullPolicy; }
    public void setFullPolicy(String fullPolicy) { this.fullPolicy = fullPolicy; }
    public long getTtl() { return ttl; }
    public void setTtl(long ttl) { this.ttl = ttl; }
    public long getFsyncInterval() { return fsyncInterval; }
    public void setFsyncInterval(long fsyncInterval) { this.fsyncInterval = fsyncInterval; }
    public long getRetryDelay() { return retryDelay; }
    public void setRetryDelay(long retryDelay) { this.retryDelay = retryDelay; }
    public long getMaxRetryDelay() { return maxRetryDelay; }
    public void setMaxRetryDelay(long maxRetryDelay) { this.maxRetryDelay = maxRetryDelay; }
    public long getIdleDelay() { return idleDelay; }
    public void setIdleDelay(long idleDelay) { this.idleDelay = idleDelay; }
}
