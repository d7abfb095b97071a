package io.logcamel.parse;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/** {@code parse:regex|delimiter|json|nginx|apache}: turns raw lines into fields, a batch at a time. */
@Component("parse")
public class ParseComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ParseConfiguration configuration = new ParseConfiguration();
        ParseEndpoint endpoint = new ParseEndpoint(uri, this, configuration);
        try {
            configuration.setFormat(ParseFormat.valueOf(remaining));
        } catch (IllegalArgumentException e) {
            throw StepConfigException.of(endpoint, "format",
                    "'" + remaining + "' is not one of regex, delimiter, json, nginx, apache");
        }
        // options live on the configuration; binding them there works with or without generated configurers
        setProperties(configuration, parameters);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
