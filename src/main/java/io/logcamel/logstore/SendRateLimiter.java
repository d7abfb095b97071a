package io.logcamel.logstore;

import java.util.function.LongSupplier;

/**
 * The global send rate of a {@code logstore:} component (every endpoint of it): each request
 * reserves the next slot in a single timeline, {@code bytes / maxBytesPerSecond} long, and waits
 * until its slot starts. Idle time is not banked, so there is no burst above the rate and the
 * measured rate over any stretch of continuous sending is the setting. 0 means unlimited.
 */
public final class SendRateLimiter {

    private final long bytesPerSecond;
    private final LongSupplier nanoClock;
    private long nextFreeNanos;

    public SendRateLimiter(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime);
    }

    SendRateLimiter(long bytesPerSecond, LongSupplier nanoClock) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("logstore: maxBytesPerSecond must be >= 0 (0 = unlimited), was "
                    + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.nanoClock = nanoClock;
        this.nextFreeNanos = nanoClock.getAsLong();
    }

    /** Reserves a slot for {@code bytes}; returns how many milliseconds to wait before sending them. */
    public synchronized long reserveMillis(long bytes) {
        if (bytesPerSecond == 0) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        long start = Math.max(now, nextFreeNanos);
        nextFreeNanos = start + (long) (bytes * 1e9 / bytesPerSecond);
        return (start - now + 999_999) / 1_000_000;
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }
}
