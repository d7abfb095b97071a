package io.logcamel.status;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the status API, readiness and alarms ({@code logcamel.status.*}). */
@ConfigMapping(prefix = "logcamel.status")
public interface StatusSettings {

    /**
     * How long a collection config's destination may refuse every request before readiness goes
     * DOWN naming the route and the error code. Its state is {@code send_error} from the first refusal.
     */
    @WithDefault("30s")
    Duration sendFailureTimeout();

    /** How long failed checkpoint writes may last before readiness goes DOWN (every restart would re-read). */
    @WithDefault("10s")
    Duration checkpointFailureTimeout();

    /** A config whose files hold more than this beyond the acknowledged offsets is {@code busy}. */
    @WithDefault("67108864")
    long busyBytes();

    /** A config is {@code parse_error} while lines failed to parse within this window. */
    @WithDefault("60s")
    Duration parseErrorWindow();
}
