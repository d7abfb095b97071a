package io.logcamel.fleet.config;

import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.NamedNode;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.model.EndpointRequiredDefinition;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.util.URISupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what Camel threw while loading or starting one config into the one line an operator
 * needs: the file, the line, the route and Camel's own reason (which names the component or
 * option). Camel's exceptions name the route or the endpoint URI but not the line, so the line is
 * found on the definitions the file produced (they carry it: source location is enabled).
 */
final class ConfigErrors {

    // SnakeYAML's marks: " in file:routes/x.camel.yaml, line 3, column 7:"
    private static final Pattern YAML_LINE = Pattern.compile("line (\\d+), column (\\d+)");

    private static final Pattern NO_ENDPOINT = Pattern.compile("No endpoint could be found for: (\\S+?),? please");
    private static final Pattern MARKED_STEP = Pattern.compile(">>> \\w+\\[([^\\]]+)\\] <<<");

    private ConfigErrors() {
    }

    static String describe(CollectionConfig config, Throwable error, List<RouteDefinition> routes) {
        String reason = reason(error);
        Optional<Integer> line = yamlLine(error);
        String routeId = null;
        if (line.isEmpty()) {
            routeId = failedRoute(error);
            String uri = failedUri(error);
            Optional<NamedNode> node = uri == null ? Optional.empty() : nodeWithUri(routes, uri);
            if (node.isEmpty() && routeId != null) {
                String id = routeId;
                node = routes.stream().filter(r -> id.equals(r.getRouteId())).map(r -> (NamedNode) r).findFirst();
            }
            if (node.isPresent()) {
                line = Optional.of(node.get().getLineNumber()).filter(n -> n > 0);
                if (routeId == null) {
                    routeId = routeOf(routes, node.get());
                }
            }
        }
        StringBuilder text = new StringBuilder(config.origin());
        line.ifPresent(n -> text.append(" line ").append(n));
        if (routeId != null) {
            text.append(" route ").append(routeId);
        }
        return text.append(": ").append(reason).toString();
    }

    /** The deepest message that says something, without the wrappers' repetitions. */
    static String reason(Throwable error) {
        Throwable deepest = error;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String top = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        String root = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage();
        String text = (deepest == error || top.contains(root) ? top : top + ": " + root).replaceAll("\\s+", " ").trim();
        // "Failed to create route: x (source: ...): Route(x)[From[...] -> ... because: <reason>": the
        // route is named apart and its abbreviated dump says nothing, so only the step and the reason stay.
        int because = text.indexOf(" because: ");
        if (text.startsWith("Failed to create route") && because > 0) {
            Matcher step = MARKED_STEP.matcher(text);
            String at = step.find() ? "at " + text.substring(step.start() + 4, step.end() - 4) + ": " : "";
            text = at + text.substring(because + " because: ".length());
        }
        return URISupport.sanitizeUri(text);
    }

    private static Optional<Integer> yamlLine(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t.getMessage() != null && (name.contains("yaml") || name.contains("Yaml") || name.contains("snakeyaml"))) {
                Matcher m = YAML_LINE.matcher(t.getMessage());
                if (m.find()) {
                    return Optional.of(Integer.parseInt(m.group(1)));
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    private static String failedRoute(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof FailedToCreateRouteException f) {
                return f.getRouteId();
            }
            if (t instanceof FailedToStartRouteException f) {
                return f.getRouteId();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String failedUri(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ResolveEndpointFailedException r) {
                return r.getUri();
            }
            if (t.getMessage() != null) {
                // NoSuchEndpointException has no getter; the route's failure marks the step ">>> to[uri] <<<"
                Matcher m = NO_ENDPOINT.matcher(t.getMessage());
                if (m.find()) {
                    return m.group(1);
                }
                m = MARKED_STEP.matcher(t.getMessage());
                if (m.find()) {
                    return m.group(1);
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static Optional<NamedNode> nodeWithUri(List<RouteDefinition> routes, String uri) {
        String wanted = withoutQuery(uri);
        List<NamedNode> candidates = new ArrayList<>();
        for (RouteDefinition route : routes) {
            FromDefinition from = route.getInput();
            if (from != null && from.getEndpointUri() != null) {
                candidates.add(from);
            }
            collect(route.getOutputs(), candidates);
        }
        for (NamedNode node : candidates) {
            String nodeUri = node instanceof FromDefinition f ? f.getEndpointUri()
                    : ((EndpointRequiredDefinition) node).getEndpointUri();
            if (nodeUri != null && withoutQuery(nodeUri).equals(wanted)) {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    private static void collect(List<ProcessorDefinition<?>> outputs, List<NamedNode> into) {
        for (ProcessorDefinition<?> output : outputs) {
            if (output instanceof EndpointRequiredDefinition e && e.getEndpointUri() != null) {
                into.add(output);
            }
            collect(output.getOutputs(), into);
        }
    }

    private static String routeOf(List<RouteDefinition> routes, NamedNode node) {
        NamedNode parent = node;
        while (parent.getParent() != null) {
            parent = parent.getParent();
        }
        if (parent instanceof RouteDefinition r) {
            return r.getRouteId();
        }
        for (RouteDefinition route : routes) {
            if (route.getInput() == node) {
                return route.getRouteId();
            }
        }
        return null;
    }

    private static String withoutQuery(String uri) {
        int q = uri.indexOf('?');
        String base = q < 0 ? uri : uri.substring(0, q);
        return base.replace("://", ":");
    }
}
