package io.logcamel.metrics;

/**
 * Something with counters a user should see on {@code /q/metrics}: a stage's endpoint, a
 * processor bean, or per-route statistics. {@link StageMetrics} calls {@link #bindMeters} with a
 * scope whose tags already name the collection config ({@code route}) and the endpoint; the
 * object only says which of its numbers are meters. This is the one way LogCamel binds meters.
 */
public interface Metered {

    /** Declares this object's meters in {@code scope}; called again when the routes holding it change. */
    void bindMeters(MeterScope scope);
}
