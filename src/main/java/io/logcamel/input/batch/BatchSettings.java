package io.logcamel.input.batch;

import io.logcamel.input.FlowControl;

/**
 * How one {@code batch:} queue behaves.
 *
 * @param maxEvents   a batch is sealed once it holds this many events
 * @param maxBytes    ... or about this many bytes of field text
 * @param lingerMillis a batch that is not full is sealed once its first event waited this long
 * @param maxPending  sealed batches waiting for the consumer at most; then {@code whenFull} applies
 * @param whenFull    what an offer does when the queue is full
 * @param flowControl the input to pause under {@link WhenFull#PAUSE}; null otherwise
 */
record BatchSettings(int maxEvents, long maxBytes, long lingerMillis, int maxPending, WhenFull whenFull,
                     FlowControl flowControl) {

    static final int DEFAULT_MAX_EVENTS = 1000;
    static final long DEFAULT_MAX_BYTES = 1024 * 1024;
    static final long DEFAULT_LINGER_MILLIS = 200;
    static final int DEFAULT_MAX_PENDING = 4;

    BatchSettings {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1, was " + maxEvents);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        if (lingerMillis < 1) {
            throw new IllegalArgumentException("linger must be at least 1 ms, was " + lingerMillis);
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, was " + maxPending);
        }
        if (whenFull == WhenFull.PAUSE && flowControl == null) {
            throw new IllegalArgumentException("whenFull=pause needs flowControl, the input to pause"
                    + " (e.g. flowControl=#syslogFraming)");
        }
    }
}
