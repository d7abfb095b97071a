package io.logcamel.logstore;

import io.logcamel.logstore.sign.Credentials;
import io.logcamel.logstore.sign.RequestSigner;
import io.logcamel.logstore.sign.SignatureVersion;
import io.logcamel.logstore.wire.CompressType;
import io.logcamel.metrics.MeterScope;
import io.logcamel.metrics.Metered;
import io.logcamel.metrics.StageMetrics;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Send log batches to a Log Service Logstore with the signed PutLogs protocol.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "logstore", title = "Log Service Logstore",
             syntax = "logstore:project/logstore", producerOnly = true,
             category = {Category.CLOUD, Category.MONITORING}, headersClass = LogstoreConstants.class)
public class LogstoreEndpoint extends DefaultEndpoint implements EndpointServiceLocation, Metered {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LogstoreEndpoint.class);

    // Log Service's naming rules: a project is a DNS label (it becomes one in the Host header),
    // a logstore a path segment.
    private static final Pattern PROJECT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
    private static final Pattern LOGSTORE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,61}[a-z0-9]");

    @UriPath
    @Metadata(required = true)
    private String project;
    @UriPath
    @Metadata(required = true)
    private String logstore;
    @UriParam
    private LogstoreConfiguration configuration;

    private final LogstoreStatistics statistics = new LogstoreStatistics();
    /** By collection config (the route an exchange came from): what the status API and metrics show. */
    private final Map<String, LogstoreStatistics> statisticsByRoute = new ConcurrentHashMap<>();

    // Resolved from the options in doInit, read-only afterwards.
    private LogstoreAddress address;
    private CompressType compressType;
    private RequestSigner signer;
    private List<String> tagPairs;
    private String defaultSource;
    private BatchSplitter splitter;
    private RetryPolicy retryPolicy;
    /** Since when (epoch ms) the last request ran out of retries; 0 while requests succeed. */
    private final AtomicLong failingSince = new AtomicLong();

    public LogstoreEndpoint() {
    }

    public LogstoreEndpoint(String uri, LogstoreComponent component, LogstoreConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (project == null || !PROJECT_NAME.matcher(project).matches()) {
            throw new IllegalArgumentException("logstore: project '" + project + "' is invalid: expected 3-63"
                    + " lower-case letters, digits and hyphens, starting and ending with a letter or digit");
        }
        if (logstore == null || !LOGSTORE_NAME.matcher(logstore).matches()) {
            throw new IllegalArgumentException("logstore: logstore '" + logstore + "' is invalid: expected 2-63"
                    + " lower-case letters, digits, hyphens and underscores");
        }
        LogstoreConfiguration c = configuration;
        address = LogstoreAddress.parse(c.getEndpoint());
        requireSet("accessKeyId", c.getAccessKeyId());
        requireSet("accessKeySecret", c.getAccessKeySecret());
        SignatureVersion version = parseOption("signatureVersion", c.getSignatureVersion(), "v1 or v4",
                SignatureVersion::parse);
        if (version == SignatureVersion.V4 && (c.getRegion() == null || c.getRegion().isBlank())) {
            throw new IllegalArgumentException("logstore: option region must be set when signatureVersion is v4,"
                    + " e.g. cn-hangzhou");
        }
        compressType = parseOption("compressType", c.getCompressType(), "lz4, zstd, deflate or none",
                CompressType::parse);
        if (c.getMaxBytesPerRequest() < 1024 || c.getMaxBytesPerRequest() > LogstoreConfiguration.HARD_MAX_BYTES_PER_REQUEST) {
            throw new IllegalArgumentException("logstore: option maxBytesPerRequest " + c.getMaxBytesPerRequest()
                    + " is invalid: expected 1024 to " + LogstoreConfiguration.HARD_MAX_BYTES_PER_REQUEST);
        }
        if (c.getMaxLogsPerRequest() < 1) {
            throw new IllegalArgumentException("logstore: option maxLogsPerRequest " + c.getMaxLogsPerRequest()
                    + " is invalid: expected at least 1");
        }
        requirePositive("connectTimeout", c.getConnectTimeout());
        requirePositive("requestTimeout", c.getRequestTimeout());
        if (c.getMaxRetries() < 0) {
            throw new IllegalArgumentException("logstore: option maxRetries " + c.getMaxRetries()
                    + " is invalid: expected 0 or more");
        }
        if (c.getRetryInitialDelay() < 0 || c.getRetryMaxDelay() < c.getRetryInitialDelay()) {
            throw new IllegalArgumentException("logstore: options retryInitialDelay " + c.getRetryInitialDelay()
                    + " and retryMaxDelay " + c.getRetryMaxDelay()
                    + " are invalid: expected 0 <= retryInitialDelay <= retryMaxDelay");
        }
        tagPairs = parseTags(c.getTags());
        signer = new RequestSigner(new Credentials(c.getAccessKeyId(), c.getAccessKeySecret(),
                blankToNull(c.getSecurityToken())), version, c.getRegion());
        defaultSource = c.getSource() == null || c.getSource().isBlank() ? HostAddress.primary() : c.getSource();
        splitter = new BatchSplitter(c.getMaxLogsPerRequest(), c.getMaxBytesPerRequest());
        retryPolicy = new RetryPolicy(c.getMaxRetries(), c.getRetryInitialDelay(), c.getRetryMaxDelay());
    }

    private static void requireSet(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("logstore: option " + option + " must be set (on the URI or as"
                    + " camel.component.logstore." + kebab(option) + ")");
        }
    }

    private static void requirePositive(String option, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("logstore: option " + option + " " + value
                    + " is invalid: expected a positive duration");
        }
    }

    private static <T> T parseOption(String option, String value, String expected,
                                     java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("logstore: option " + option + " '" + value + "' is invalid: expected "
                    + expected, e);
        }
    }

    /** Parses k1=v1,k2=v2 into a flat key, value list. */
    static List<String> parseTags(String tags) {
        List<String> pairs = new ArrayList<>();
        if (tags == null || tags.isBlank()) {
            return List.of();
        }
        for (String entry : tags.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("logstore: option tags is invalid at '" + entry.trim()
                        + "': expected key=value pairs separated by commas");
            }
            pairs.add(entry.substring(0, eq).trim());
            pairs.add(entry.substring(eq + 1).trim());
        }
        return List.copyOf(pairs);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String kebab(String option) {
        return option.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Producer createProducer() {
        return new LogstoreProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("logstore: is a producer only; read logs back with GetLogs");
    }

    @Override
    public LogstoreComponent getComponent() {
        return (LogstoreComponent) super.getComponent();
    }

    @Override
    public String getServiceUrl() {
        return address != null ? address.toString() : configuration.getEndpoint();
    }

    @Override
    public String getServiceProtocol() {
        return "http";
    }

    /** Counters of this endpoint's PutLogs since start. */
    public LogstoreStatistics getStatistics() {
        return statistics;
    }

    /** The statistics of one collection config (route id); made, and bound to the metrics, on first use. */
    public LogstoreStatistics statisticsFor(String routeId) {
        String route = routeId == null ? "" : routeId;
        LogstoreStatistics existing = statisticsByRoute.get(route);
        if (existing != null) {
            return existing;
        }
        LogstoreStatistics created = statisticsByRoute.computeIfAbsent(route, key -> new LogstoreStatistics(statistics));
        if (getCamelContext() != null) {
            StageMetrics.of(getCamelContext()).bind(created, route, StageMetrics.endpointLabel(this), created);
        }
        return created;
    }

    /** The statistics of every collection config that used this endpoint. */
    public Map<String, LogstoreStatistics> statisticsByRoute() {
        return Map.copyOf(statisticsByRoute);
    }

    /** The routes holding this endpoint get their statistics (and meters) before the first request. */
    @Override
    public void bindMeters(MeterScope scope) {
        for (String route : scope.route().split(",")) {
            if (!route.isEmpty()) {
                statisticsFor(route);
            }
        }
    }

    public String getProject() {
        return project;
    }

    /** The Log Service project: the left-most label of the Host header. */
    public void setProject(String project) {
        this.project = project;
    }

    public String getLogstore() {
        return logstore;
    }

    /** The Logstore within the project that receives the logs. */
    public void setLogstore(String logstore) {
        this.logstore = logstore;
    }

    public LogstoreConfiguration getConfiguration() {
        return configuration;
    }

    /** The options of this endpoint. */
    public void setConfiguration(LogstoreConfiguration configuration) {
        this.configuration = configuration;
    }

    LogstoreAddress address() {
        return address;
    }

    CompressType compressType() {
        return compressType;
    }

    RequestSigner signer() {
        return signer;
    }

    List<String> tagPairs() {
        return tagPairs;
    }

    String defaultSource() {
        return defaultSource;
    }

    BatchSplitter splitter() {
        return splitter;
    }

    RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * True while the destination is known to be failing: a request ran out of retries and none
     * succeeded since. The producer then gives each request one attempt only.
     */
    public boolean isFailing() {
        return failingSince.get() != 0;
    }

    void failed(String errorCode, int attempts) {
        if (failingSince.compareAndSet(0, System.currentTimeMillis())) {
            statistics.failingPeriod();
            LOG.warn("PutLogs to {} still failed ({}) after {} attempts: until a request succeeds again, each request"
                    + " gets one attempt and failed batches go straight to the route's error handler (the spool)",
                    describe(), errorCode, attempts);
        }
    }

    void succeeded() {
        long since = failingSince.getAndSet(0);
        if (since != 0) {
            LOG.info("PutLogs to {} succeeds again after {} s of failures: requests are retried in full again",
                    describe(), (System.currentTimeMillis() - since) / 1000);
        }
    }

    /** Where errors point a reader: project, logstore and endpoint host, never credentials. */
    String describe() {
        return "project " + project + ", logstore " + logstore + " at " + address;
    }
}
