package io.logcamel.guard;

/**
 * The agent's exit codes (docs/operations.md lists them for operators and supervisors). Any
 * non-zero code makes systemd ({@code Restart=always}) or Kubernetes start the agent again.
 */
public final class ExitCodes {

    /** Stopped on request (SIGTERM is reported by the JVM as 143). */
    public static final int OK = 0;
    /** Start-up failed: a setting, a route file or the checkpoint directory (the log names it). */
    public static final int STARTUP_FAILED = 1;
    /** The JVM's -XX:+ExitOnOutOfMemoryError. */
    public static final int OUT_OF_MEMORY = 3;
    /** Memory stayed over the soft limit for logcamel.guard.memory-over-limit-grace: clean shutdown. */
    public static final int MEMORY_SOFT_LIMIT = 70;
    /** Memory went over logcamel.guard.memory-hard-limit-mb: immediate exit, nothing flushed. */
    public static final int MEMORY_HARD_LIMIT = 71;

    private ExitCodes() {
    }
}
