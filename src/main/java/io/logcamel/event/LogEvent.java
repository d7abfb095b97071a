package io.logcamel.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One log record: a time with nanosecond precision, ordered key/value contents and optional tags.
 *
 * <p>Contents and tags are kept as flat {@code key, value, key, value} arrays rather than maps: a
 * tailed line that only carries {@code content} then costs one small array, and the order the
 * fields were added in is the order they are shipped in. Events are mutable so that parse and
 * filter steps can rewrite a batch in place.
 *
 * <p>A raw line read as well-formed UTF-8 may keep its {@code content} as those bytes
 * ({@link #ofUtf8Content}): the String is made only when a step asks for the value, so a line that
 * goes from a file to the wire untouched is never decoded and encoded again.
 */
public final class LogEvent {

    public static final String CONTENT = "content";

    private long timeSeconds;
    private int timeNanos;
    private String[] fields;
    private int fieldCount;
    private String[] tags;
    private int tagCount;
    /** The value of field 0 ({@code content}) as UTF-8, not decoded yet ({@code fields[1]} is null); or null. */
    private byte[] contentUtf8;

    public LogEvent(long timeSeconds, int timeNanos) {
        this(timeSeconds, timeNanos, 2);
    }

    private LogEvent(long timeSeconds, int timeNanos, int expectedFields) {
        setTime(timeSeconds, timeNanos);
        this.fields = new String[expectedFields * 2];
    }

    /** A raw line as Logtail ships it when nothing parses it: the single field {@code content}. */
    public static LogEvent ofContent(long timeSeconds, int timeNanos, String line) {
        LogEvent event = new LogEvent(timeSeconds, timeNanos, 1);
        event.fields[0] = CONTENT;
        event.fields[1] = line;
        event.fieldCount = 1;
        return event;
    }

    /**
     * A raw line whose {@code content} is {@code utf8}, which must be well-formed UTF-8
     * ({@link Utf8#isWellFormed}) and is not copied: it becomes the event's.
     */
    public static LogEvent ofUtf8Content(long timeSeconds, int timeNanos, byte[] utf8) {
        LogEvent event = new LogEvent(timeSeconds, timeNanos, 1);
        event.fields[0] = CONTENT;
        event.contentUtf8 = utf8;
        event.fieldCount = 1;
        return event;
    }

    /** An event stamped with the current wall-clock time. */
    public static LogEvent now() {
        long epochNanos = System.currentTimeMillis() * 1_000_000L;
        return new LogEvent(epochNanos / 1_000_000_000L, (int) (epochNanos % 1_000_000_000L));
    }

    public long timeSeconds() {
        return timeSeconds;
    }

    public int timeNanos() {
        return timeNanos;
    }

    public LogEvent setTime(long seconds, int nanos) {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanos out of range: " + nanos);
        }
        this.timeSeconds = seconds;
        this.timeNanos = nanos;
        return this;
    }

    // ---- contents ------------------------------------------------------------------------

    public int size() {
        return fieldCount;
    }

    public String key(int index) {
        Objects.checkIndex(index, fieldCount);
        return fields[index * 2];
    }

    public String value(int index) {
        Objects.checkIndex(index, fieldCount);
        if (index == 0) {
            decodeContent();
        }
        return fields[index * 2 + 1];
    }

    /**
     * The value of field {@code index} as the UTF-8 bytes it was read as, when it is still held so
     * (the encoder writes them as they are); null when the value is a String. Do not modify them.
     */
    public byte[] utf8Value(int index) {
        Objects.checkIndex(index, fieldCount);
        return index == 0 ? contentUtf8 : null;
    }

    /** The value of the first field named {@code key}, or null. */
    public String get(String key) {
        int index = indexOf(fields, fieldCount, key);
        if (index == 0) {
            decodeContent();
        }
        return index < 0 ? null : fields[index + 1];
    }

    /** Sets {@code key} to {@code value}, replacing an existing field in place or appending a new one. */
    public LogEvent put(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        int index = indexOf(fields, fieldCount, key);
        if (index == 0) {
            contentUtf8 = null;
        }
        if (index >= 0) {
            fields[index + 1] = value;
        } else {
            fields = ensureCapacity(fields, fieldCount);
            fields[fieldCount * 2] = key;
            fields[fieldCount * 2 + 1] = value;
            fieldCount++;
        }
        return this;
    }

    /**
     * Makes room for {@code total} fields in all, so that a parser adding a dozen fields grows
     * the array once instead of doubling it three times (the copies showed in the race's profile).
     */
    public void reserve(int total) {
        if (fields == null || fields.length < total * 2) {
            fields = fields == null ? new String[total * 2] : Arrays.copyOf(fields, total * 2);
        }
    }

    /** Appends a field without looking for an existing one: for parsers that know keys are unique. */
    public LogEvent add(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        fields = ensureCapacity(fields, fieldCount);
        fields[fieldCount * 2] = key;
        fields[fieldCount * 2 + 1] = value;
        fieldCount++;
        return this;
    }

    /** Removes the field named {@code key}; returns its value or null. */
    public String remove(String key) {
        int index = indexOf(fields, fieldCount, key);
        if (index < 0) {
            return null;
        }
        if (index == 0) {
            decodeContent(); // its value is returned
        }
        String value = fields[index + 1];
        System.arraycopy(fields, index + 2, fields, index, fieldCount * 2 - index - 2);
        fieldCount--;
        fields[fieldCount * 2] = null;
        fields[fieldCount * 2 + 1] = null;
        return value;
    }

    /** Removes every field. */
    public LogEvent clearContents() {
        contentUtf8 = null;
        Arrays.fill(fields, 0, fieldCount * 2, null);
        fieldCount = 0;
        return this;
    }

    // ---- tags ----------------------------------------------------------------------------

    public int tagCount() {
        return tagCount;
    }

    public String tagKey(int index) {
        Objects.checkIndex(index, tagCount);
        return tags[index * 2];
    }

    public String tagValue(int index) {
        Objects.checkIndex(index, tagCount);
        return tags[index * 2 + 1];
    }

    public String tag(String key) {
        int index = indexOf(tags, tagCount, key);
        return index < 0 ? null : tags[index + 1];
    }

    public LogEvent putTag(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (tags == null) {
            tags = new String[4];
        }
        int index = indexOf(tags, tagCount, key);
        if (index >= 0) {
            tags[index + 1] = value;
        } else {
            tags = ensureCapacity(tags, tagCount);
            tags[tagCount * 2] = key;
            tags[tagCount * 2 + 1] = value;
            tagCount++;
        }
        return this;
    }

    /** True when this event's tags equal {@code other}'s: such events can share one LogGroup. */
    public boolean sameTags(LogEvent other) {
        if (tagCount != other.tagCount) {
            return false;
        }
        for (int i = 0; i < tagCount * 2; i++) {
            if (!tags[i].equals(other.tags[i])) {
                return false;
            }
        }
        return true;
    }

    /** Turns content held as UTF-8 into its String, once: from then on the event holds only Strings. */
    private void decodeContent() {
        if (contentUtf8 != null) {
            fields[1] = new String(contentUtf8, StandardCharsets.UTF_8);
            contentUtf8 = null;
        }
    }

    private static int indexOf(String[] pairs, int count, String key) {
        for (int i = 0; i < count * 2; i += 2) {
            if (pairs[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static String[] ensureCapacity(String[] pairs, int count) {
        if (pairs == null) {
            return new String[4];
        }
        if (count * 2 + 2 <= pairs.length) {
            return pairs;
        }
        return Arrays.copyOf(pairs, Math.max(4, pairs.length * 2));
    }

    @Override
    public String toString() {
        decodeContent();
        StringBuilder text = new StringBuilder().append(timeSeconds).append('.')
                .append(String.format("%09d", timeNanos)).append(" {");
        for (int i = 0; i < fieldCount; i++) {
            text.append(i == 0 ? "" : ", ").append(fields[i * 2]).append('=').append(fields[i * 2 + 1]);
        }
        return text.append('}').toString();
    }
}
