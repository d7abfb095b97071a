package io.logcamel.logstore;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * The {@code logstore:} component: ships log batches to a Log Service Logstore with signed
 * PutLogs. Its options are the defaults of every endpoint, so an operator sets endpoint and keys
 * once ({@code camel.component.logstore.endpoint=...}) and routes only name project and logstore.
 */
@Component("logstore")
public class LogstoreComponent extends DefaultComponent {

    @Metadata(description = "The shared defaults of all logstore endpoints.")
    private LogstoreConfiguration configuration = new LogstoreConfiguration();

    /** Logtail's default send limit, 20 MB/s. */
    public static final long DEFAULT_MAX_BYTES_PER_SECOND = 20L * 1024 * 1024;

    @Metadata(defaultValue = "20971520", description = "The global send rate of all logstore endpoints of this"
            + " component, in request body bytes (compressed, as on the wire) per second; 0 = unlimited."
            + " Retries count too.")
    private long maxBytesPerSecond = DEFAULT_MAX_BYTES_PER_SECOND;

    private SendRateLimiter rateLimiter;

    public LogstoreComponent() {
    }

    /** The one limiter every endpoint of this component shares, created with the setting on first use. */
    public synchronized SendRateLimiter rateLimiter() {
        if (rateLimiter == null) {
            rateLimiter = new SendRateLimiter(maxBytesPerSecond);
        }
        return rateLimiter;
    }

    public long getMaxBytesPerSecond() {
        return maxBytesPerSecond;
    }

    /** The global send rate of all logstore endpoints, in bytes per second; 0 = unlimited. */
    public synchronized void setMaxBytesPerSecond(long maxBytesPerSecond) {
        this.rateLimiter = new SendRateLimiter(maxBytesPerSecond);
        this.maxBytesPerSecond = maxBytesPerSecond;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String[] parts = remaining == null ? new String[0] : remaining.split("/", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("logstore: the URI must be logstore:project/logstore, got 'logstore:"
                    + remaining + "'");
        }
        LogstoreEndpoint endpoint = new LogstoreEndpoint(uri, this, configuration.copy());
        endpoint.setProject(parts[0]);
        endpoint.setLogstore(parts[1]);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public LogstoreConfiguration getConfiguration() {
        return configuration;
    }

    /** The shared defaults of all logstore endpoints. */
    public void setConfiguration(LogstoreConfiguration configuration) {
        this.configuration = configuration;
    }
}
