package io.logcamel.parse.time;

import io.logcamel.parse.StepConfigException;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.time.Clock;
import java.util.Map;

/** {@code time:parse|window}: log time from a field, and the discard-old / future rules. */
@Component("time")
public class TimeComponent extends DefaultComponent {

    private Clock clock = Clock.systemUTC();

    /** The clock that says "now" for the age window; tests set a fixed one. */
    public Clock getClock() {
        return clock;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        TimeConfiguration configuration = new TimeConfiguration();
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
