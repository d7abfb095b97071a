package io.logcamel.spool;

import java.util.Objects;

/**
 * One spooled batch: where it was going, when it was first spooled (the clock of expiry), how many
 * logs it holds (so that drops and expiry are counted in logs, not only in records), and the body
 * as opaque bytes (see {@link SpoolBatchCodec} for what the component stores there).
 */
public record SpoolRecord(String destination, long createdMillis, int logCount, byte[] body) {

    public SpoolRecord {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(body, "body");
        if (logCount < 0) {
            throw new IllegalArgumentException("logCount must be >= 0, was " + logCount);
        }
    }
}
