package io.logcamel.alarm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Where and how often the agent reports on itself ({@code logcamel.alarm.*}): alarms, status and
 * per-config statistics go through the normal {@code logstore:} producer to an internal logstore,
 * by default in the embedded local Logstore (the component's endpoint and key).
 */
@ConfigMapping(prefix = "logcamel.alarm")
public interface AlarmSettings {

    /** Off: nothing is shipped (alarms are still counted and logged). */
    @WithDefault("true")
    boolean enabled();

    /** The project of the internal logstore. */
    @WithDefault("demo")
    String project();

    /** The internal logstore. */
    @WithDefault("logcamel_internal")
    String logstore();

    /** Its endpoint, when not the logstore component's ({@code camel.component.logstore.endpoint}). */
    Optional<String> endpoint();

    /** How often counted alarms are flushed (Logtail: 30 s). */
    @WithDefault("30s")
    Duration flushInterval();

    /** How often the agent's status (cpu, memory, version, host) is shipped (Logtail: every minute). */
    @WithDefault("60s")
    Duration statusInterval();

    /** How often per-config statistics are shipped (Logtail: every 10 minutes). */
    @WithDefault("10m")
    Duration statisticsInterval();
}
