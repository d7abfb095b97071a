package io.logcamel.logstore;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of a logstore: endpoint. The component holds one instance whose values
 * (camel.component.logstore.*) are the defaults every endpoint starts from; each
 * endpoint works on its own {@link #copy()}, so a URI option never leaks into other endpoints.
 *
 * <p>{@link #toString()} is deliberately not overridden with field values: the secret and the
 * token must never end up in a log line.
 */
@UriParams
public class LogstoreConfiguration implements Cloneable {

    /** 10 MB: what Log Service accepts as the raw (uncompressed) body of one PutLogs. */
    public static final int HARD_MAX_BYTES_PER_REQUEST = 10 * 1024 * 1024;

    // Not marked required in the metadata: they are usually set once on the component
    // (camel.component.logstore.*), and the endpoint checks them at start-up instead.
    @UriParam(label = "common")
    private String endpoint;
    @UriParam(label = "security")
    private String accessKeyId;
    @UriParam(label = "security", secret = true)
    private String accessKeySecret;
    @UriParam(label = "security", secret = true)
    private String securityToken;
    @UriParam(label = "security", defaultValue = "v1", enums = "v1,v4")
    private String signatureVersion = "v1";
    @UriParam(label = "security")
    private String region;
    @UriParam(label = "producer", defaultValue = "lz4", enums = "lz4,zstd,deflate,none")
    private String compressType = "lz4";
    @UriParam(label = "producer")
    private String topic;
    @UriParam(label = "producer")
    private String source;
    @UriParam(label = "producer")
    private String tags;
    @UriParam(label = "producer")
    private String hashKey;
    @UriParam(label = "producer", defaultValue = "5242880")
    private int maxBytesPerRequest = 5 * 1024 * 1024;
    @UriParam(label = "producer", defaultValue = "4096")
    private int maxLogsPerRequest = 4096;
    @UriParam(label = "advanced", defaultValue = "10000", javaType = "java.time.Duration")
    private long connectTimeout = 10_000;
    @UriParam(label = "advanced", defaultValue = "30000", javaType = "java.time.Duration")
    private long requestTimeout = 30_000;
    @UriParam(label = "advanced", defaultValue = "5")
    private int maxRetries = 5;
    @UriParam(label = "advanced", defaultValue = "200", javaType = "java.time.Duration")
    private long retryInitialDelay = 200;
    @UriParam(label = "advanced", defaultValue = "10000", javaType = "java.time.Duration")
    private long retryMaxDelay = 10_000;

    public LogstoreConfiguration copy() {
        try {
            return (LogstoreConfiguration) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public String getEndpoint() {
        return endpoint;
    }

    /**
     * The Log Service endpoint, e.g. https://cn-hangzhou.log.aliyuncs.com or
     * http://localhost:8480 for the local Logstore. Without a scheme, https is used.
     * The project is sent as the left-most label of the Host header.
     */
    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getAccessKeyId() {
        return accessKeyId;
    }

    /** The AccessKey ID that signs every request. */
    public void setAccessKeyId(String accessKeyId) {
        this.accessKeyId = accessKeyId;
    }

    public String getAccessKeySecret() {
        return accessKeySecret;
    }

    /** The AccessKey secret that signs every request. Never logged. */
    public void setAccessKeySecret(String accessKeySecret) {
        this.accessKeySecret = accessKeySecret;
    }

    public String getSecurityToken() {
        return securityToken;
    }

    /** An STS security token, sent as x-acs-security-token, when the key pair is temporary. */
    public void setSecurityToken(String securityToken) {
        this.securityToken = securityToken;
    }

    public String getSignatureVersion() {
        return signatureVersion;
    }

    /** The request signature: v1 (HMAC-SHA1) or v4 (SLS4-HMAC-SHA256, needs region). */
    public void setSignatureVersion(String signatureVersion) {
        this.signatureVersion = signatureVersion;
    }

    public String getRegion() {
        return region;
    }

    /** The region of the project, e.g. cn-hangzhou. Required for signature v4. */
    public void setRegion(String region) {
        this.region = region;
    }

    public String getCompressType() {
        return compressType;
    }

    /** The body compression: lz4, zstd, deflate or none. */
    public void setCompressType(String compressType) {
        this.compressType = compressType;
    }

    public String getTopic() {
        return topic;
    }

    /**
     * The topic of the LogGroups sent, when the batch carries none. The header
     * CamelLogstoreTopic overrides both.
     */
    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getSource() {
        return source;
    }

    /** The source of the LogGroups sent, when the batch carries none. Defaults to this host's IP address. */
    public void setSource(String source) {
        this.source = source;
    }

    public String getTags() {
        return tags;
    }

    /**
     * Tags added to every LogGroup, as key=value pairs separated by commas, e.g.
     * __hostname__=web-1,env=prod. Event tags override them; batch tags are overridden.
     */
    public void setTags(String tags) {
        this.tags = tags;
    }

    public String getHashKey() {
        return hashKey;
    }

    /**
     * Writes to the shard owning this hash key (/shards/route?key=...) instead of letting
     * Log Service balance the load (/shards/lb). The header CamelLogstoreHashKey
     * overrides it per exchange.
     */
    public void setHashKey(String hashKey) {
        this.hashKey = hashKey;
    }

    public int getMaxBytesPerRequest() {
        return maxBytesPerRequest;
    }

    /**
     * The largest raw (uncompressed) LogGroup sent in one PutLogs, in bytes; a batch is split
     * into several requests to stay under it. At most 10 MB (10485760), the service limit.
     */
    public void setMaxBytesPerRequest(int maxBytesPerRequest) {
        this.maxBytesPerRequest = maxBytesPerRequest;
    }

    public int getMaxLogsPerRequest() {
        return maxLogsPerRequest;
    }

    /** The most logs sent in one PutLogs; a batch is split into several requests to stay under it. */
    public void setMaxLogsPerRequest(int maxLogsPerRequest) {
        this.maxLogsPerRequest = maxLogsPerRequest;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    /** How long to wait for a TCP (and TLS) connection to the endpoint, in milliseconds or as a duration (10s). */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    /** How long to wait for the answer to one PutLogs, in milliseconds or as a duration (30s). */
    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    /**
     * How many times one PutLogs is retried after a retryable failure (quota, server busy,
     * network error, timeout, credentials) before the exchange fails; 0 disables retries.
     */
    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryInitialDelay() {
        return retryInitialDelay;
    }

    /** The wait before the first retry; it doubles on each further retry, with jitter. */
    public void setRetryInitialDelay(long retryInitialDelay) {
        this.retryInitialDelay = retryInitialDelay;
    }

    public long getRetryMaxDelay() {
        return retryMaxDelay;
    }

    /** The longest wait between two retries. */
    public void setRetryMaxDelay(long retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }
}
