package io.logcamel.spool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How one spool directory behaves.
 *
 * @param dir the directory holding the segments and the acknowledged position
 * @param segmentBytes a segment is closed once the next record would take it past this size
 * @param maxBytes cap on unacknowledged bytes (disk use may exceed it by one partly acknowledged segment)
 * @param fullPolicy what an append does at the cap
 * @param ttl records older than this are dropped (counted), never replayed
 * @param fsyncIntervalMillis 0 forces every append to disk before it returns; otherwise appends
 *        are forced at most this often (a crash may lose the appends of the last interval)
 */
public record SpoolSettings(Path dir, long segmentBytes, long maxBytes, FullPolicy fullPolicy, Duration ttl,
        long fsyncIntervalMillis) {

    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_MAX_BYTES = 1024L * 1024 * 1024;
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);

    public SpoolSettings {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(fullPolicy, "fullPolicy");
        Objects.requireNonNull(ttl, "ttl");
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("spool segmentBytes must be at least 1024, was " + segmentBytes);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("spool maxBytes must be positive, was " + maxBytes);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("spool ttl must be positive, was " + ttl);
        }
        if (fsyncIntervalMillis < 0) {
            throw new IllegalArgumentException("spool fsyncIntervalMillis must be >= 0, was " + fsyncIntervalMillis);
        }
    }

    public static SpoolSettings defaults(Path dir) {
        return new SpoolSettings(dir, DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_BYTES, FullPolicy.BLOCK, DEFAULT_TTL, 0);
    }

    public SpoolSettings withSegmentBytes(long value) {
        return new SpoolSettings(dir, value, maxBytes, fullPolicy, ttl, fsyncIntervalMillis);
    }

    public SpoolSettings withMaxBytes(long value, FullPolicy policy) {
        return new SpoolSettings(dir, segmentBytes, value, policy, ttl, fsyncIntervalMillis);
    }

    public SpoolSettings withTtl(Duration value) {
        return new SpoolSettings(dir, segmentBytes, maxBytes, fullPolicy, value, fsyncIntervalMillis);
    }

    public SpoolSettings withFsyncIntervalMillis(long value) {
        return new SpoolSettings(dir, segmentBytes, maxBytes, fullPolicy, ttl, value);
    }
}
