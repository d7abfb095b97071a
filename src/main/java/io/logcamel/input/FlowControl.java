package io.logcamel.input;

/**
 * The one hook an input offers to whatever must slow it down: its own full queue, or (issue 11)
 * a resource guard over a CPU or memory limit. Each caller pauses and resumes under its own
 * reason, so one caller's resume never undoes another's pause: the input runs only while no
 * reason is left.
 *
 * <p>What a pause means is the input's: a TCP listener stops reading its connections (senders
 * slow down through TCP flow control), a UDP queue drops and counts, HTTP push answers 503 with
 * {@code Retry-After}, a SQL poll skips its rounds, a batch queue fed by a thread that may wait
 * (Debezium) makes it wait.
 */
public interface FlowControl {

    /** Stops taking input for {@code reason} until {@link #resume(String)} with the same reason. */
    void pause(String reason);

    /** Lifts the pause of {@code reason}; input flows again once no reason is left. */
    void resume(String reason);

    /** True while any reason holds the input paused. */
    boolean isPaused();
}
