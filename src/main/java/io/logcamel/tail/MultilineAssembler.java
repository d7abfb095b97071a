package io.logcamel.tail;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Joins lines into records (a Java stack trace is one record), with Logtail's three patterns:
 * <ul>
 *   <li>start only: a start line opens a record; every other line continues it.</li>
 *   <li>start + continue: continue lines continue the open record; any other line closes it and
 *       is either a new start or unmatched.</li>
 *   <li>start + end, or end only: lines collect until an end line, which closes the record.</li>
 *   <li>continue only: a continue line continues the open record, any other line opens one.</li>
 * </ul>
 * Patterns must match the whole line. Unmatched lines are kept as single records or dropped and
 * counted. A record that outgrows the maximum line size is passed on in numbered parts.
 *
 * <p>The assembler knows the offset up to which every line is either passed on or dropped
 * ({@link #settledOffset()}): the open record is not, so checkpoints never cut one in half.
 */
public final class MultilineAssembler implements LineSink {

    private final Pattern startPattern;
    private final Pattern continuePattern;
    private final Pattern endPattern;
    private final UnmatchedPolicy unmatchedPolicy;
    private final int maxRecordSize;
    private final AtomicLong unmatchedDiscarded;
    private final LongSupplier clock;
    private LineSink downstream;
    private final StringBuilder record = new StringBuilder();
    private boolean recordOpen;
    private int recordPart;
    private long recordStartOffset;
    private long lastLineEnd;
    private long lastLineAt;
    /** What the runtime recorded about the open record's first line (container logs), or null. */
    private LineOrigin recordOrigin;

    public MultilineAssembler(Pattern startPattern, Pattern continuePattern, Pattern endPattern,
                              UnmatchedPolicy unmatchedPolicy, int maxRecordSize, AtomicLong unmatchedDiscarded,
                              LongSupplier clock) {
        if (startPattern == null && continuePattern == null && endPattern == null) {
            throw new IllegalArgumentException("multi-line needs at least one of start, continue or end pattern");
        }
        this.startPattern = startPattern;
        this.continuePattern = continuePattern;
        this.endPattern = endPattern;
        this.unmatchedPolicy = unmatchedPolicy;
        this.maxRecordSize = maxRecordSize;
        this.unmatchedDiscarded = unmatchedDiscarded;
        this.clock = clock;
    }

    public void downstream(LineSink sink) {
        this.downstream = sink;
    }

    /** Forgets the open record; the next line is read at {@code offset}. */
    public void reset(long offset) {
        record.setLength(0);
        recordOpen = false;
        recordPart = 0;
        recordStartOffset = offset;
        lastLineEnd = offset;
    }

    /** Offset through which every line is passed on or dropped: the start of the open record, if any. */
    public long settledOffset() {
        return recordOpen ? recordStartOffset : lastLineEnd;
    }

    public boolean hasOpenRecord() {
        return recordOpen;
    }

    public long lastLineAt() {
        return lastLineAt;
    }

    @Override
    public boolean accept(String line, long endOffset, int part) {
        return accept(line, endOffset, part, null);
    }

    /** A record takes the time and stream of its first line. */
    @Override
    public boolean accept(String line, long endOffset, int part, LineOrigin origin) {
        long lineStart = lastLineEnd;
        lastLineEnd = endOffset;
        lastLineAt = clock.getAsLong();
        if (part > 0) {
            // a line too long to hold: it cannot be matched as a whole, so it stands alone
            boolean more = closeRecord();
            return downstream.accept(line, endOffset, part, origin) && more;
        }
        boolean more = true;
        if (startPattern != null) {
            boolean isStart = startPattern.matcher(line).matches();
            if (endPattern != null) {
                if (isStart) {
                    more = closeRecord();
                    open(line, lineStart, origin);
                } else if (recordOpen) {
                    append(line);
                } else {
                    return unmatched(line, endOffset, origin);
                }
                if (endPattern.matcher(line).matches()) {
                    more &= closeRecord();
                }
                return more;
            }
            if (continuePattern != null) {
                if (recordOpen && !isStart && continuePattern.matcher(line).matches()) {
                    append(line);
                    return true;
                }
                more = closeRecord();
                if (isStart) {
                    open(line, lineStart, origin);
                    return more;
                }
                return unmatched(line, endOffset, origin) && more;
            }
            if (isStart) {
                more = closeRecord();
                open(line, lineStart, origin);
                return more;
            }
            if (recordOpen) {
                append(line);
                return true;
            }
            return unmatched(line, endOffset, origin);
        }
        if (endPattern != null) {
            if (recordOpen) {
                append(line);
            } else {
                open(line, lineStart, origin);
            }
            return endPattern.matcher(line).matches() ? closeRecord() : true;
        }
        // continue pattern only
        if (continuePattern.matcher(line).matches()) {
            if (recordOpen) {
                append(line);
                return true;
            }
            return unmatched(line, endOffset, origin);
        }
        more = closeRecord();
        open(line, lineStart, origin);
        return more;
    }

    /** Passes on the open record (its flush timeout expired, or the file is done). */
    public boolean closeRecord() {
        if (!recordOpen) {
            return true;
        }
        if (record.length() == 0) {
            // only the remainder of a record already passed on in parts, and nothing came after it
            recordOpen = false;
            recordPart = 0;
            return true;
        }
        String text = record.toString();
        int part = recordPart == 0 ? 0 : recordPart + 1;
        record.setLength(0);
        recordOpen = false;
        recordPart = 0;
        return downstream.accept(text, lastLineEnd, part, recordOrigin);
    }

    private void open(String line, long lineStart, LineOrigin origin) {
        record.setLength(0);
        recordOrigin = origin;
        record.append(line);
        recordOpen = true;
        recordStartOffset = lineStart;
        checkSize();
    }

    private void append(String line) {
        if (record.length() > 0) {
            record.append('\n');
        }
        record.append(line);
        checkSize();
    }

    private void checkSize() {
        if (record.length() > maxRecordSize) {
            recordPart++;
            String text = record.toString();
            record.setLength(0);
            recordOpen = false;
            downstream.accept(text, lastLineEnd, recordPart, recordOrigin);
            // what follows still belongs to this record: keep collecting under the next part number
            recordOpen = true;
            recordStartOffset = lastLineEnd;
        }
    }

    private boolean unmatched(String line, long endOffset, LineOrigin origin) {
        if (unmatchedPolicy == UnmatchedPolicy.DISCARD) {
            unmatchedDiscarded.incrementAndGet();
            return true;
        }
        return downstream.accept(line, endOffset, 0, origin);
    }
}
