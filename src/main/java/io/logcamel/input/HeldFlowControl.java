package io.logcamel.input;

/**
 * An input whose pause hook is a {@link FlowControl} it holds (usually its {@link PauseReasons}):
 * the three methods are passed on to {@link #flow()}.
 */
public interface HeldFlowControl extends FlowControl {

    /** The flow control that pauses this input. */
    FlowControl flow();

    @Override
    default void pause(String reason) {
        flow().pause(reason);
    }

    @Override
    default void resume(String reason) {
        flow().resume(reason);
    }

    @Override
    default boolean isPaused() {
        return flow().isPaused();
    }
}
