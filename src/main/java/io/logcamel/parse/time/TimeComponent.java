package io.logcamel.parse.time;

import io.logcamel.parse.StepConfigException;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.time.Clock;
import java.util.Map;

/** {@code time:parse|window}: log time from a field, and the discard-old / future rules. */
@Component("time")
public class TimeComponent extends DefaultComponent {

    /** The clock that says now for the age window; tests set a fixed one. */
    @Metadata(label = "advanced")
    private Clock clock = Clock.systemUTC();

    /**
     * The default maxAge of every time endpoint (an endpoint's own option wins): set it once for
     * the agent with camel.component.time.max-age in application.properties.
     */
    @Metadata(defaultValue = "5m")
    private String maxAge = "5m";

    /** The default maxFuture of every time endpoint (camel.component.time.max-future). */
    @Metadata(defaultValue = "24h")
    private String maxFuture = "24h";

    /** The default futurePolicy of every time endpoint (camel.component.time.future-policy). */
    @Metadata(defaultValue = "clamp")
    private FuturePolicy futurePolicy = FuturePolicy.clamp;

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

    /** The clock that says now for the age window; tests set a fixed one. */
    public Clock getClock() {
        return clock;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        TimeConfiguration configuration = new TimeConfiguration();
        configuration.setMaxAge(maxAge);
        configuration.setMaxFuture(maxFuture);
        configuration.setFuturePolicy(futurePolicy);
        TimeEndpoint endpoint = new TimeEndpoint(uri, this, configuration);
        try {
            configuration.setAction(TimeAction.valueOf(remaining));
        } catch (IllegalArgumentException e) {
            throw StepConfigException.of(endpoint, "action", "'" + remaining + "' is not one of parse, window");
        }
        setProperties(configuration, parameters);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
