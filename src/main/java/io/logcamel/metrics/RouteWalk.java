package io.logcamel.metrics;

import org.apache.camel.CamelContext;
import org.apache.camel.Channel;
import org.apache.camel.DelegateProcessor;
import org.apache.camel.Endpoint;
import org.apache.camel.EndpointAware;
import org.apache.camel.Navigate;
import org.apache.camel.Route;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The stages of a route as Camel built it: its consumer endpoint, the endpoints its steps send
 * to, and the processors in between (beans such as the syslog parser). With {@code followDirect}
 * a {@code direct:} step leads into the route that consumes it (the demo's shared parse route),
 * so a collection config's status sees every stage its data passes.
 */
public final class RouteWalk {

    private static final int MAX_DEPTH = 128;

    private RouteWalk() {
    }

    /** Endpoints and processors of {@code route}, each once, in route order. */
    public static List<Object> stages(CamelContext context, Route route, boolean followDirect) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> stages = new ArrayList<>();
        Set<String> routesVisited = new java.util.HashSet<>();
        visitRoute(context, route, followDirect, seen, stages, routesVisited);
        return stages;
    }

    private static void visitRoute(CamelContext context, Route route, boolean followDirect, Set<Object> seen,
                                   List<Object> stages, Set<String> routesVisited) {
        if (!routesVisited.add(route.getRouteId())) {
            return;
        }
        add(route.getEndpoint(), seen, stages);
        walk(context, route.getProcessor(), followDirect, seen, stages, routesVisited, 0);
    }

    private static void walk(CamelContext context, Object node, boolean followDirect, Set<Object> seen,
                             List<Object> stages, Set<String> routesVisited, int depth) {
        if (node == null || depth > MAX_DEPTH) {
            return;
        }
        add(node, seen, stages);
        if (node instanceof EndpointAware aware) {
            Endpoint endpoint = aware.getEndpoint();
            add(endpoint, seen, stages);
            if (followDirect && endpoint != null && endpoint.getEndpointUri().startsWith("direct:")) {
                for (Route target : context.getRoutes()) {
                    if (target.getEndpoint() == endpoint) {
                        visitRoute(context, target, true, seen, stages, routesVisited);
                    }
                }
            }
        }
        if (node instanceof Channel channel) {
            walk(context, channel.getNextProcessor(), followDirect, seen, stages, routesVisited, depth + 1);
        }
        if (node instanceof DelegateProcessor delegate) {
            walk(context, delegate.getProcessor(), followDirect, seen, stages, routesVisited, depth + 1);
        }
        if (node instanceof Navigate<?> navigate && navigate.hasNext()) {
            List<?> next = navigate.next();
            if (next != null) {
                for (Object child : next) {
                    walk(context, child, followDirect, seen, stages, routesVisited, depth + 1);
                }
            }
        }
    }

    private static void add(Object stage, Set<Object> seen, List<Object> stages) {
        if (stage != null && seen.add(stage)) {
            stages.add(stage);
        }
    }
}
