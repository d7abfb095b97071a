package io.logcamel.guard;

/**
 * The CPU limit as a budget of CPU time: filled at {@code limit} cores of wall time, drained by
 * the CPU the process really used. In debt means "pause the inputs". Work already read still
 * finishes after a pause, so a threshold on the last interval would throttle in bursts; a budget
 * brings the average back to the limit.
 * <p>
 * Both ends are capped at one second's worth of the limit. A credit: after idling the agent may
 * burst for a moment, not run a stored-up minute at full speed. A debt: the overshoot of normal
 * pausing (the batch in hand finishes) stays well inside it and is paid back in full, but a
 * start-up burst (JIT compiling and class loading on every core, which no pause can stop) is
 * forgiven rather than paid back by seconds of idling while there is work to do.
 */
final class CpuBudget {

    private static final double CAP_SECONDS = 1;

    private final double limitCores;
    private double budgetNanos;
    private long lastWallNanos;
    private long lastCpuNanos;

    CpuBudget(double limitCores, long wallNanos, long cpuNanos) {
        this.limitCores = limitCores;
        this.lastWallNanos = wallNanos;
        this.lastCpuNanos = cpuNanos;
    }

    /** Takes a reading (wall clock and process CPU, both in nanoseconds); true while in debt. */
    boolean inDebtAfter(long wallNanos, long cpuNanos) {
        budgetNanos += limitCores * (wallNanos - lastWallNanos) - (cpuNanos - lastCpuNanos);
        lastWallNanos = wallNanos;
        lastCpuNanos = cpuNanos;
        double second = limitCores * 1e9;
        budgetNanos = Math.max(-CAP_SECONDS * second, Math.min(CAP_SECONDS * second, budgetNanos));
        return budgetNanos < 0;
    }

    double limitCores() {
        return limitCores;
    }
}
