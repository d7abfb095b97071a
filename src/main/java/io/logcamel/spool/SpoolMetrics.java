package io.logcamel.spool;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
        MeterRegistry registry = context == null ? null : context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry == null) {
            return;
        }
        SpoolStatistics s = store.statistics();
        counter(registry, name, "logcamel.spool.spooled.records", "records appended to the spool", s.spooledRecords);
        counter(registry, name, "logcamel.spool.spooled.bytes", "bytes appended to the spool", s.spooledBytes);
        counter(registry, name, "logcamel.spool.spooled.logs", "logs appended to the spool", s.spooledLogs);
        counter(registry, name, "logcamel.spool.replayed.logs", "logs replayed and acknowledged", s.replayedLogs);
        counter(registry, name, "logcamel.spool.expired.logs", "logs dropped because older than the TTL", s.expiredLogs);
        counter(registry, name, "logcamel.spool.dropped.logs", "logs dropped at the cap (dropOldest)", s.droppedLogs);
        counter(registry, name, "logcamel.spool.discarded.logs", "logs the Logstore refused for good on replay",
                s.discardedLogs);
        counter(registry, name, "logcamel.spool.refused.appends", "appends refused at the cap (block)", s.refusedAppends);
        // The store is held by the component for as long as it is open, so the weak reference of a
        // gauge stays valid.
        Gauge.builder("logcamel.spool.pending.bytes", store, SpoolStore::pendingBytes)
                .description("bytes spooled and not yet replayed (what the cap applies to)")
                .tag("spool", name).register(registry);
        Gauge.builder("logcamel.spool.disk.bytes", store, SpoolStore::diskBytes)
                .description("bytes of segment files on disk").tag("spool", name).register(registry);
    }

    private static void counter(MeterRegistry registry, String spool, String name, String description, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::doubleValue).description(description).tag("spool", spool)
                .register(registry);
    }
}
