package io.logcamel.logstore;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff as the official producer does it: {@code initialDelay * 2^retry}, capped
 * at {@code maxDelay}, with jitter so that many agents throttled at once do not come back in step.
 */
public record RetryPolicy(int maxRetries, long initialDelayMillis, long maxDelayMillis) {

    /** One attempt, no retry: for a destination that is known to be failing. */
    public static final RetryPolicy NO_RETRIES = new RetryPolicy(0, 0, 0);

    public RetryPolicy {
        if (maxRetries < 0 || initialDelayMillis < 0 || maxDelayMillis < initialDelayMillis) {
            throw new IllegalArgumentException("invalid retry policy");
        }
    }

    /** True when the request may be sent again after {@code retriesDone} retries. */
    public boolean canRetry(int retriesDone) {
        return retriesDone < maxRetries;
    }

    /** The wait before retry number {@code retry} (0 for the first): in [cap/2, cap]. */
    public long delayMillis(int retry) {
        long cap = ceiling(retry);
        if (cap <= 1) {
            return cap;
        }
        long half = cap / 2;
        return half + ThreadLocalRandom.current().nextLong(cap - half + 1);
    }

    /** The delay before jitter: {@code initialDelay * 2^retry}, capped. */
    long ceiling(int retry) {
        if (initialDelayMillis == 0) {
            return 0;
        }
        int shift = Math.min(retry, 62);
        if (initialDelayMillis > (maxDelayMillis >> shift)) {
            return maxDelayMillis; // also guards the shift below against overflow
        }
        return Math.min(maxDelayMillis, initialDelayMillis << shift);
    }
}
