package io.logcamel.parse;

/**
 * Raised by the code that compiles a step's options (regex, time format, log_format...), which
 * knows the option at fault but not the endpoint; the endpoint turns it into a
 * {@link StepConfigException} that also names the route and the step.
 */
public final class OptionException extends IllegalArgumentException {

    private final String option;

    public OptionException(String option, String problem) {
        this(option, problem, null);
    }

    public OptionException(String option, String problem, Throwable cause) {
        super(problem, cause);
        this.option = option;
    }

    public String option() {
        return option;
    }
}
