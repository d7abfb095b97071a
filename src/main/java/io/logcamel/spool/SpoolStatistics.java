package io.logcamel.spool;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one spool since it was opened; logs are counted alongside records. */
public final class SpoolStatistics {

    final AtomicLong spooledRecords = new AtomicLong();
    final AtomicLong spooledBytes = new AtomicLong();
    final AtomicLong spooledLogs = new AtomicLong();
    final AtomicLong replayedRecords = new AtomicLong();
    final AtomicLong replayedLogs = new AtomicLong();
    final AtomicLong expiredRecords = new AtomicLong();
    final AtomicLong expiredLogs = new AtomicLong();
    final AtomicLong droppedRecords = new AtomicLong();
    final AtomicLong droppedLogs = new AtomicLong();
    final AtomicLong refusedAppends = new AtomicLong();
    final AtomicLong corruptSegments = new AtomicLong();
    final AtomicLong truncatedBytes = new AtomicLong();
    final AtomicLong discardedRecords = new AtomicLong();
    final AtomicLong discardedLogs = new AtomicLong();

    public long spooledRecords() { return spooledRecords.get(); }
    public long spooledBytes() { return spooledBytes.get(); }
    public long spooledLogs() { return spooledLogs.get(); }
    public long replayedRecords() { return replayedRecords.get(); }
    public long replayedLogs() { return replayedLogs.get(); }
    public long expiredRecords() { return expiredRecords.get(); }
    public long expiredLogs() { return expiredLogs.get(); }
    /** Records dropped at the cap in {@code dropOldest} mode. */
    public long droppedRecords() { return droppedRecords.get(); }
    public long droppedLogs() { return droppedLogs.get(); }
    /** Appends refused at the cap in {@code block} mode. */
    public long refusedAppends() { return refusedAppends.get(); }
    /** Segments whose remainder was skipped because a record in the middle failed its checksum. */
    public long corruptSegments() { return corruptSegments.get(); }
    /** Records whose replay failed in a way no retry can fix (the Logstore refused them as invalid): dropped. */
    public long discardedRecords() { return discardedRecords.get(); }
    public long discardedLogs() { return discardedLogs.get(); }
    /** Bytes of torn tail cut off by recovery when the spool was opened. */
    public long truncatedBytes() { return truncatedBytes.get(); }
}
