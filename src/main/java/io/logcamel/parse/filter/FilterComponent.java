package io.logcamel.parse.filter;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/** {@code filter:<key>?include=...&exclude=...}: keep or drop events by a field regex. */
@Component("filter")
public class FilterComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        FilterEndpoint endpoint = new FilterEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
