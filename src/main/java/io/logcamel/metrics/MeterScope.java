package io.logcamel.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Where a {@link Metered} object declares its meters: every meter gets the scope's tags
 * ({@code route}, {@code endpoint}, ...), and is remembered so that {@link StageMetrics} can
 * remove it when the route goes away (a replaced route must not leave a meter bound to the old
 * counters). Without a meter registry (plain Camel in tests) the declarations do nothing.
 *
 * <p>Counters and gauges read their value from {@code source} through a function: Micrometer
 * holds {@code source} weakly, so it must be an object that lives as long as the stage (a field
 * of the endpoint), never a lambda made on the spot.
 */
public final class MeterScope {

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters;

    MeterScope(MeterRegistry registry, Tags tags, List<Meter> meters) {
        this.registry = registry;
        this.tags = tags;
        this.meters = meters;
    }

    /** The collection config (route id) this scope's meters are tagged with. */
    public String route() {
        for (Tag tag : tags) {
            if (StageMetrics.ROUTE_TAG.equals(tag.getKey())) {
                return tag.getValue();
            }
        }
        return "";
    }

    /** True when there is a registry: meters declared here are published. */
    public boolean isPublished() {
        return registry != null;
    }

    /** The same scope with one more tag (e.g. {@code code} of a failure, {@code file}). */
    public MeterScope tag(String key, String value) {
        return new MeterScope(registry, tags.and(key, value == null ? "" : value), meters);
    }

    /** A monotonic count (Prometheus: {@code name_total}). */
    public <T> MeterScope counter(String name, String description, T source, ToDoubleFunction<T> value) {
        if (registry != null) {
            replaceExisting(registry.find(name).tags(tags).meter());
            add(FunctionCounter.builder(name, source, value).description(description).tags(tags).register(registry));
        }
        return this;
    }

    /** A value that goes up and down (open files, bytes behind, time of the last success). */
    public <T> MeterScope gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        if (registry != null) {
            replaceExisting(registry.find(name).tags(tags).meter());
            add(Gauge.builder(name, source, value).description(description).tags(tags).register(registry));
        }
        return this;
    }

    /** A latency histogram (Prometheus buckets); null without a registry, so callers record through null checks. */
    public Timer timer(String name, String description) {
        if (registry == null) {
            return null;
        }
        replaceExisting(registry.find(name).tags(tags).meter());
        Timer timer = Timer.builder(name).description(description).tags(tags).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        add(timer);
        return timer;
    }

    /**
     * Micrometer answers a second registration of the same name and tags with the first meter,
     * still bound to whatever object registered it first (a bean instance Camel discarded, the
     * counters of a route since replaced): the meter would read that object's numbers forever.
     * The last binder wins instead.
     */
    private void replaceExisting(Meter existing) {
        if (existing != null && existing.getId().getTags().size() == tags.stream().count()) {
            registry.remove(existing);
            synchronized (meters) {
                meters.remove(existing);
            }
        }
    }

    private void add(Meter meter) {
        synchronized (meters) {
            meters.add(meter);
        }
    }
}
