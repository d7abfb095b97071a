package io.logcamel.input;

import java.util.Set;
import java.util.TreeSet;

/**
 * The reasons an input is paused for, and a callback when it goes from running to paused and
 * back. Thread-safe; the callback runs under the lock, so it sees the transitions in order.
 */
public final class PauseReasons implements FlowControl {

    /** Called with {@code true} when the first reason arrives, {@code false} when the last one goes. */
    public interface Listener {
        void pausedChanged(boolean paused);
    }

    private final Set<String> reasons = new TreeSet<>();
    private final Listener listener;

    public PauseReasons(Listener listener) {
        this.listener = listener;
    }

    @Override
    public synchronized void pause(String reason) {
        if (reasons.add(reason) && reasons.size() == 1) {
            listener.pausedChanged(true);
        }
    }

    @Override
    public synchronized void resume(String reason) {
        if (reasons.remove(reason) && reasons.isEmpty()) {
            listener.pausedChanged(false);
        }
    }

    @Override
    public synchronized boolean isPaused() {
        return !reasons.isEmpty();
    }

    /** The current reasons, for status and logs. */
    public synchronized Set<String> reasons() {
        return Set.copyOf(reasons);
    }
}
