package io.logcamel.parse;

import org.apache.camel.Endpoint;
import org.apache.camel.util.URISupport;

/**
 * A step's options do not make sense. Thrown while the route is being built or started, so a
 * broken collection config fails loudly at start instead of mangling data later. The message
 * names the route (when Camel is creating one), the step and the option.
 */
public final class StepConfigException extends IllegalArgumentException {

    private final String option;

    private StepConfigException(String message, String option, Throwable cause) {
        super(message, cause);
        this.option = option;
    }

    public static StepConfigException of(Endpoint endpoint, String option, String problem) {
        return of(endpoint, option, problem, null);
    }

    public static StepConfigException of(Endpoint endpoint, String option, String problem, Throwable cause) {
        String route = endpoint.getCamelContext() == null ? null
                : endpoint.getCamelContext().getCamelContextExtension().getCreateRoute();
        String step = readable(URISupport.sanitizeUri(endpoint.getEndpointUri()));
        StringBuilder message = new StringBuilder("Invalid option '").append(option).append("'");
        if (route != null) {
            message.append(" in route '").append(route).append("'");
        }
        message.append(" at step ").append(step).append(": ").append(problem);
        return new StepConfigException(message.toString(), option, cause);
    }

    /**
     * Camel re-encodes RAW(...) values each time it normalises a URI ({@code %d} becomes
     * {@code %2525d}); undo that for people reading the message.
     */
    private static String readable(String uri) {
        String previous;
        String current = uri;
        do {
            previous = current;
            current = current.replace("%25", "%");
        } while (!current.equals(previous));
        return current.replace("%20", " ");
    }

    /** The option at fault, for tools that want to point at it. */
    public String option() {
        return option;
    }
}
