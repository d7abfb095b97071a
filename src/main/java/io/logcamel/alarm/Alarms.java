package io.logcamel.alarm;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alarms counted per collection config, kind and level between two flushes, as Logtail does: a
 * thousand parse failures in 30 s are one alarm record with a count of 1000 and the last message,
 * not a thousand records. {@link AlarmShipper} drains them into the internal logstore.
 */
@ApplicationScoped
public class Alarms {

    public enum Level { INFO, WARNING, ERROR }

    /** One flushed alarm: how often it was raised since the last flush and the last message. */
    public record Alarm(String route, AlarmType type, Level level, long count, String message, long firstMillis,
                        long lastMillis) {
    }

    private record Key(String route, AlarmType type, Level level) {
    }

    private static final class Tally {
        long count;
        String message;
        long first;
        long last;
    }

    private final Map<Key, Tally> pending = new ConcurrentHashMap<>();
    private final Map<AlarmType, java.util.concurrent.atomic.AtomicLong> raised = new ConcurrentHashMap<>();

    /** Counts {@code count} occurrences; {@code message} describes the latest (never credentials). */
    public void raise(String route, AlarmType type, Level level, long count, String message) {
        if (count <= 0) {
            return;
        }
        long now = System.currentTimeMillis();
        Tally tally = pending.computeIfAbsent(new Key(route == null ? "" : route, type, level), key -> new Tally());
        synchronized (tally) {
            if (tally.count == 0) {
                tally.first = now;
            }
            tally.count += count;
            tally.message = message;
            tally.last = now;
        }
        raised.computeIfAbsent(type, key -> new java.util.concurrent.atomic.AtomicLong()).addAndGet(count);
    }

    public void raise(String route, AlarmType type, Level level, String message) {
        raise(route, type, level, 1, message);
    }

    /** Everything counted since the last drain; the counts start again from zero. */
    public List<Alarm> drain() {
        List<Alarm> alarms = new ArrayList<>();
        for (Map.Entry<Key, Tally> entry : pending.entrySet()) {
            Tally tally = entry.getValue();
            synchronized (tally) {
                if (tally.count == 0) {
                    continue;
                }
                Key key = entry.getKey();
                alarms.add(new Alarm(key.route(), key.type(), key.level(), tally.count, tally.message, tally.first,
                        tally.last));
                tally.count = 0;
            }
        }
        return alarms;
    }

    /** Occurrences raised since start, by kind (for tests and the status API). */
    public long raisedTotal(AlarmType type) {
        java.util.concurrent.atomic.AtomicLong count = raised.get(type);
        return count == null ? 0 : count.get();
    }
}
