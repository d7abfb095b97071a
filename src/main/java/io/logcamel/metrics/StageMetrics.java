package io.logcamel.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The one binding of LogCamel's counters to Micrometer, one instance per Camel context.
 *
 * <p>Two kinds of {@link Metered} objects are bound here:
 * <ul>
 * <li>endpoints and processors found in the routes ({@link #refresh()}, run whenever a route is
 * started or removed): tagged {@code route} with the id of the route that holds them (the ids,
 * comma-separated, when several routes use the same endpoint) and {@code endpoint};</li>
 * <li>per-route statistics an endpoint keeps by the route an exchange came from
 * ({@link #bind(Object, String, String, Metered)}), e.g. the logstore producer's, so that a
 * destination shared by two collection configs shows each config's numbers.</li>
 * </ul>
 * A binding is replaced when its routes change and removed with its route, so a replaced route
 * never leaves meters that read its old counters.
 */
public final class StageMetrics {

    /** The tag naming the collection config (route id). */
    public static final String ROUTE_TAG = "route";
    public static final String ENDPOINT_TAG = "endpoint";

    private final CamelContext context;
    private final Map<Object, Binding> bindings = new IdentityHashMap<>();

    private record Binding(String routes, List<Meter> meters) {
    }

    private StageMetrics(CamelContext context) {
        this.context = context;
    }

    /** The context's instance, made on first use. */
    public static StageMetrics of(CamelContext context) {
        synchronized (StageMetrics.class) {
            StageMetrics metrics = context.getCamelContextExtension().getContextPlugin(StageMetrics.class);
            if (metrics == null) {
                metrics = new StageMetrics(context);
                context.getCamelContextExtension().addContextPlugin(StageMetrics.class, metrics);
            }
            return metrics;
        }
    }

    private MeterRegistry registry() {
        return context.getRegistry().findSingleByType(MeterRegistry.class);
    }

    /**
     * Binds {@code metered}'s meters for {@code route} (once per owner and route; again when the
     * route differs). {@code owner} identifies the binding, usually {@code metered} itself.
     */
    public synchronized void bind(Object owner, String route, String endpoint, Metered metered) {
        Binding existing = bindings.get(owner);
        if (existing != null && existing.routes().equals(route)) {
            return;
        }
        unbind(owner);
        MeterRegistry registry = registry();
        List<Meter> meters = new ArrayList<>();
        Tags tags = Tags.of(ROUTE_TAG, route == null ? "" : route, ENDPOINT_TAG, endpoint == null ? "" : endpoint);
        metered.bindMeters(new MeterScope(registry, tags, meters));
        bindings.put(owner, new Binding(route == null ? "" : route, meters));
    }

    /** Removes the meters of {@code owner}'s binding. */
    public synchronized void unbind(Object owner) {
        Binding binding = bindings.remove(owner);
        if (binding == null) {
            return;
        }
        MeterRegistry registry = registry();
        if (registry != null) {
            synchronized (binding.meters()) {
                binding.meters().forEach(registry::remove);
            }
        }
    }

    /** Removes every binding of a route that no longer exists (per-route statistics included). */
    public synchronized void removeRoute(String routeId) {
        for (Map.Entry<Object, Binding> entry : new ArrayList<>(bindings.entrySet())) {
            List<String> routes = List.of(entry.getValue().routes().split(","));
            if (routes.contains(routeId)) {
                unbind(entry.getKey());
            }
        }
    }

    /** Binds every {@link Metered} endpoint and processor of the context's routes by the routes that hold it. */
    public synchronized void refresh() {
        Map<Object, TreeSet<String>> found = new IdentityHashMap<>();
        for (Route route : context.getRoutes()) {
            for (Object stage : RouteWalk.stages(context, route, false)) {
                if (stage instanceof Metered) {
                    found.computeIfAbsent(stage, key -> new TreeSet<>()).add(route.getRouteId());
                }
            }
        }
        for (Map.Entry<Object, TreeSet<String>> entry : found.entrySet()) {
            Object owner = entry.getKey();
            String endpoint = owner instanceof Endpoint e ? endpointLabel(e) : beanName(owner);
            bind(owner, String.join(",", entry.getValue()), endpoint, (Metered) owner);
        }
    }

    /**
     * A readable, stable label of an endpoint: scheme and path ({@code parse:regex},
     * {@code logstore:demo/app}), plus a short hash of the options when it has any, so that two
     * steps of one kind in a route stay apart without the whole URI (a regex) in every series.
     */
    public static String endpointLabel(Endpoint endpoint) {
        String key = endpoint.getEndpointKey();
        String base = key.replaceFirst("^([a-zA-Z0-9+.-]+)://", "$1:");
        int query = base.indexOf('?');
        if (query < 0) {
            return base;
        }
        return base.substring(0, query) + "#" + String.format("%04x", key.hashCode() & 0xffff);
    }

    private String beanName(Object bean) {
        for (Map.Entry<String, Metered> entry : context.getRegistry().findByTypeWithName(Metered.class).entrySet()) {
            if (entry.getValue() == bean) {
                return entry.getKey();
            }
        }
        return bean.getClass().getSimpleName();
    }
}
