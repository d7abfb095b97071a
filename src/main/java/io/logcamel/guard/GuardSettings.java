package io.logcamel.guard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The resource guard's limits ({@code logcamel.guard.*}). The defaults fit the DaemonSet's
 * container limits (1 core, 512 MiB): the guard acts before the kubelet throttles or OOM-kills.
 */
@ConfigMapping(prefix = "logcamel.guard")
public interface GuardSettings {

    /** Off: the agent runs unguarded (only the JVM's own limits apply). */
    @WithDefault("true")
    boolean enabled();

    /** CPU the agent may use, in cores (0.5 = half a core); reading pauses to hold it. 0 turns the CPU limit off. */
    @WithDefault("0.8")
    double cpuLimit();

    /** How often CPU use is measured and the inputs paused or resumed. */
    @WithDefault("200ms")
    Duration cpuInterval();

    /** Resident memory (MB) above which the inputs pause; 0 turns it off. */
    @WithDefault("384")
    long memorySoftLimitMb();

    /** Heap in use after the last collection (MB) above which the inputs pause; 0 turns it off. */
    @WithDefault("0")
    long heapSoftLimitMb();

    /** Resident memory (MB) above which the agent exits at once (exit code 71); 0 turns it off. */
    @WithDefault("480")
    long memoryHardLimitMb();

    /** How often memory is checked (Logtail: every 30 s). */
    @WithDefault("30s")
    Duration memoryInterval();

    /** How long memory may stay over the soft limit before a clean shutdown with exit code 70. */
    @WithDefault("5m")
    Duration memoryOverLimitGrace();
}
