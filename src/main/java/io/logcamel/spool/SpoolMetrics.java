package io.logcamel.spool;

import io.logcamel.metrics.MeterScope;
import io.logcamel.metrics.StageMetrics;
import org.apache.camel.CamelContext;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes a spool's counters and sizes as Micrometer meters, tagged {@code spool=<name>}, when
 * the application has a meter registry (the agent's {@code /q/metrics}); in plain Camel (tests)
 * there is none and nothing happens. Registering twice (producer and consumer endpoints of one
 * spool) finds the meters already there.
 */
final class SpoolMetrics {

    private SpoolMetrics() {
    }

    static void register(CamelContext context, String name, SpoolStore store) {
        if (context == null) {
            return;
        }
        // one binding per store: the producer and consumer endpoints of a spool share it
        StageMetrics.of(context).bind(store, "", "spool:" + name, scope -> bind(scope.tag("spool", name), store));
    }

    private static void bind(MeterScope scope, SpoolStore store) {
        SpoolStatistics s = store.statistics();
        counter(scope, "logcamel.spool.spooled.records", "records appended to the spool", s.spooledRecords);
        counter(scope, "logcamel.spool.spooled.bytes", "bytes appended to the spool", s.spooledBytes);
        counter(scope, "logcamel.spool.spooled.logs", "logs appended to the spool", s.spooledLogs);
        counter(scope, "logcamel.spool.replayed.logs", "logs replayed and acknowledged", s.replayedLogs);
        counter(scope, "logcamel.spool.expired.logs", "logs dropped because older than the TTL", s.expiredLogs);
        counter(scope, "logcamel.spool.dropped.logs", "logs dropped at the cap (dropOldest)", s.droppedLogs);
        counter(scope, "logcamel.spool.discarded.logs", "logs the Logstore refused for good on replay",
                s.discardedLogs);
        counter(scope, "logcamel.spool.refused.appends", "appends refused at the cap (block)", s.refusedAppends);
        // The store is held by the component for as long as it is open, so the weak reference of a
        // gauge stays valid.
        scope.gauge("logcamel.spool.pending.bytes", "bytes spooled and not yet replayed (what the cap applies to)",
                store, SpoolStore::pendingBytes);
        scope.gauge("logcamel.spool.disk.bytes", "bytes of segment files on disk", store, SpoolStore::diskBytes);
    }

    private static void counter(MeterScope scope, String name, String description, AtomicLong value) {
        scope.counter(name, description, value, AtomicLong::doubleValue);
    }
}
