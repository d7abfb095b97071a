package io.logcamel.parse;

import io.logcamel.event.LogEvent;

import java.util.Arrays;

/**
 * Scratch space a parser fills for one line before anything touches the event: a parser that
 * fails halfway (a JSON document broken near its end) leaves the event exactly as it was.
 * One instance serves a whole batch; it is never shared between threads.
 */
public final class ParsedFields {

    private String[] pairs = new String[32];
    private int count;

    public void clear() {
        count = 0;
    }

    public int size() {
        return count;
    }

    public String key(int index) {
        return pairs[index * 2];
    }

    public String value(int index) {
        return pairs[index * 2 + 1];
    }

    public void setValue(int index, String value) {
        pairs[index * 2 + 1] = value;
    }

    /** Replaces the field at {@code index} by the given key/value pairs, keeping the order. */
    public void replace(int index, String... keyValues) {
        int extra = keyValues.length / 2 - 1;
        if ((count + extra) * 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, Math.max(pairs.length * 2, (count + extra) * 2));
        }
        System.arraycopy(pairs, (index + 1) * 2, pairs, (index + 1 + extra) * 2, (count - index - 1) * 2);
        System.arraycopy(keyValues, 0, pairs, index * 2, keyValues.length);
        count += extra;
    }

    public void add(String key, String value) {
        if (count * 2 + 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[count * 2] = key;
        pairs[count * 2 + 1] = value;
        count++;
    }

    /**
     * Moves the fields into {@code event}. {@code add} is used when the event has no other fields
     * (the usual case once the source field is removed): it skips a lookup per field.
     */
    public void copyTo(LogEvent event) {
        boolean empty = event.size() == 0;
        event.reserve(event.size() + count);
        for (int i = 0; i < count; i++) {
            if (empty) {
                event.add(pairs[i * 2], pairs[i * 2 + 1]);
            } else {
                event.put(pairs[i * 2], pairs[i * 2 + 1]);
            }
        }
    }
}
