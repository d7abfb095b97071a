package io.logcamel.parse.time;

import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/** Options of a {@code time:} endpoint. */
@UriParams
public class TimeConfiguration {

    /** parse: take the time from a field, then apply the age window; window: only the age window. */
    @UriPath
    @Metadata(required = true)
    private TimeAction action;

    /** The field holding the time text. */
    @UriParam(label = "parse", defaultValue = "time")
    private String sourceKey = "time";

    /**
     * The time format, read as formatType says: e.g. '%d/%b/%Y:%H:%M:%S %z' (strftime) or
     * 'yyyy-MM-dd HH:mm:ss.SSS' (java). Not needed for the epoch types.
     */
    @UriParam(label = "parse")
    private String format;

    /** strftime, java (DateTimeFormatter), epochSeconds, epochMillis, epochMicros or epochNanos. */
    @UriParam(label = "parse", defaultValue = "strftime")
    private TimeFormatType formatType = TimeFormatType.strftime;

    /**
     * The zone of times written without an offset: a region (Asia/Shanghai), an offset (-05:00 or UTC+8)
     * or UTC. Empty means the machine's zone, as Logtail does.
     */
    @UriParam(label = "parse")
    private String timeZone;

    /** Keep the time field after it was parsed. */
    @UriParam(label = "parse", defaultValue = "true")
    private boolean keepSource = true;

    /**
     * Events older than this, relative to when they are processed, are discarded and counted:
     * Logtail does not collect historical data, and its product text says 5 minutes. 0 or a
     * negative value keeps everything (use it to back-fill old files).
     */
    @UriParam(defaultValue = "5m")
    private String maxAge = "5m";

    /** Events further in the future than this follow futurePolicy. 0 or negative: no limit. */
    @UriParam(defaultValue = "24h")
    private String maxFuture = "24h";

    /** clamp (time becomes the processing time), drop, or keep. Counted either way. */
    @UriParam(defaultValue = "clamp")
    private FuturePolicy futurePolicy = FuturePolicy.clamp;

    public TimeAction getAction() {
        return action;
    }

    public void setAction(TimeAction action) {
        this.action = action;
    }

    public String getSourceKey() {
        return sourceKey;
    }

    public void setSourceKey(String sourceKey) {
        this.sourceKey = sourceKey;
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public TimeFormatType getFormatType() {
        return formatType;
    }

    public void setFormatType(TimeFormatType formatType) {
        this.formatType = formatType;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public boolean isKeepSource() {
        return keepSource;
    }

    public void setKeepSource(boolean keepSource) {
        this.keepSource = keepSource;
    }

    public String getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(String maxAge) {
        this.maxAge = maxAge;
    }

    public String getMaxFuture() {
        return maxFuture;
    }

    public void setMaxFuture(String maxFuture) {
        this.maxFuture = maxFuture;
    }

    public FuturePolicy getFuturePolicy() {
        return futurePolicy;
    }

    public void setFuturePolicy(FuturePolicy futurePolicy) {
        this.futurePolicy = futurePolicy;
    }
}
