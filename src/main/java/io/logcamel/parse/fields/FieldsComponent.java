package io.logcamel.parse.fields;

import io.logcamel.parse.StepConfigException;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/** {@code fields:drop|keep|rename|add|tag|mask}: edit and mask event fields. */
@Component("fields")
public class FieldsComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        FieldsAction action;
        try {
            action = FieldsAction.valueOf(remaining);
        } catch (IllegalArgumentException e) {
            FieldsEndpoint unnamed = new FieldsEndpoint(uri, this, null);
            throw StepConfigException.of(unnamed, "action",
                    "'" + remaining + "' is not one of drop, keep, rename, add, tag, mask");
        }
        FieldsEndpoint endpoint = new FieldsEndpoint(uri, this, action);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
