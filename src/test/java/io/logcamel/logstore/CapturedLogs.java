package io.logcamel.logstore;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects every log record written while it is installed, through the JUL root logger, which
 * both JBoss LogManager (the test JVM's log manager) and slf4j's JBoss binding feed. Lets a test
 * assert that a secret never reaches a log line, whatever logs it.
 *
 * <p>Captures DEBUG and above: Camel core's own TRACE lines about endpoint resolution print the
 * raw URI (its choice, outside this component), which is one reason to set the secret on the
 * component ({@code camel.component.logstore.access-key-secret}) rather than in a URI.
 */
final class CapturedLogs extends Handler implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Level previousLevel;

    CapturedLogs() {
        previousLevel = root.getLevel();
        setLevel(Level.FINE);
        root.setLevel(Level.FINE);
        root.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        StringBuilder line = new StringBuilder().append(record.getLevel()).append(' ').append(record.getLoggerName())
                .append(' ').append(format(record));
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        lines.add(line.toString());
    }

    private static String format(LogRecord record) {
        String message = record.getMessage();
        Object[] parameters = record.getParameters();
        if (message == null || parameters == null || parameters.length == 0) {
            return String.valueOf(message);
        }
        StringBuilder text = new StringBuilder(message);
        for (Object parameter : parameters) {
            text.append(" ").append(parameter);
        }
        return text.toString();
    }

    synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    synchronized String all() {
        return String.join("\n", lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        root.setLevel(previousLevel);
    }
}
