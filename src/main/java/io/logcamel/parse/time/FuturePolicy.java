package io.logcamel.parse.time;

/** What happens to an event whose time is further in the future than {@code maxFuture}. */
public enum FuturePolicy {
    /** The event keeps its data but its time becomes the processing time. */
    clamp,
    /** The event is removed. */
    drop,
    /** The event is shipped with its time as it is. */
    keep
}
