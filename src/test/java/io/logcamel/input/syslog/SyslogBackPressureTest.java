package io.logcamel.input.syslog;

import io.logcamel.input.batch.BatchEndpoint;
import io.logcamel.spool.SpoolComponent;
import io.logcamel.spool.SpoolStore;
import io.logcamel.testing.LocalLogstoreFixture;
import io.logcamel.testing.NumberTally;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The syslog example route as shipped, with a small spool (256 KiB) and small queues, through an
 * outage of the real local Logstore that outlasts the spool: TCP stops reading (the sender
 * blocks, the heap stays small) and everything arrives after the recovery; a UDP flood over the
 * queue bound drops exactly what it counts, and the listener works on afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyslogBackPressureTest {

    private static final long HEAP_GROWTH_BOUND = 64L * 1024 * 1024;

    @TempDir
    static Path dir;

    private LocalLogstoreFixture logstore;
    private CamelContext context;
    private SpoolStore spool;
    private int udpPort;
    private int tcpPort;

    @BeforeAll
    void start() throws Exception {
        logstore = new LocalLogstoreFixture(dir.resolve("logstore"));
        SyslogExample example = SyslogExample.start(logstore, Map.of(
                "logcamel.syslog.batch-size", "200",
                "logcamel.syslog.batch-interval", "100",
                "logcamel.syslog.udp-max-pending-batches", "2",
                "logcamel.syslog.tcp-max-pending-batches", "2",
                "logcamel.syslog.spool-max-bytes", "262144"));
        context = example.context();
        udpPort = example.udpPort();
        tcpPort = example.tcpPort();
        spool = context.getComponent("spool", SpoolComponent.class).openedStore(logstore.spoolDir().resolve("syslog"));
    }

    @AfterEach
    void recover() {
        logstore.server().faults().clear();
        await().atMost(Duration.ofSeconds(60)).until(() -> spool.pendingBytes() == 0);
    }

    @AfterAll
    void stop() throws Exception {
        context.stop();
        logstore.close();
    }

    @Test
    void tcpStopsReadingWhenTheSpoolIsFullAndEverythingArrivesAfterTheOutage() throws Exception {
        String app = "tcp-" + UUID.randomUUID().toString().substring(0, 8);
        long heapBefore = usedHeapAfterGc();
        logstore.server().faults().setOutage(true);
        long count = 200_000; // about 9 MB: far more than the spool, the queue and the socket buffers hold
        SyslogSenders.Sender sender = SyslogSenders.tcp(tcpPort, app, count, 0);
        SyslogFraming framing = context.getRegistry().lookupByNameAndType("syslogFraming", SyslogFraming.class);

        // The spool fills, the queue fills, the listener stops reading, the sender's writes block.
        await().atMost(Duration.ofSeconds(90)).until(() -> spool.statistics().refusedAppends() > 0
                && framing.isPaused() && System.nanoTime() - sender.lastProgressNanos() > 2_000_000_000L);
        long sentAtStall = sender.sent();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> sender.sent() == sentAtStall);
        long heapGrowth = usedHeapAfterGc() - heapBefore;
        System.out.printf("SyslogBackPressureTest: TCP sender stalled after %d of %d messages; spool %d bytes pending;"
                + " %d events queued; heap growth %d KiB%n", sentAtStall, count, spool.pendingBytes(),
                queue("syslog-tcp").pendingEvents(), heapGrowth / 1024);
        assertTrue(sentAtStall < count / 2, "the sender is held back: " + sentAtStall);
        assertTrue(heapGrowth < HEAP_GROWTH_BOUND, "heap grew by " + heapGrowth / 1024 + " KiB");
        assertTrue(queue("syslog-tcp").pendingEvents() <= 2 * 200 + 200 + 20_000,
                "the queue holds its bound plus what the last reads brought: " + queue("syslog-tcp").pendingEvents());

        logstore.server().faults().clear();
        sender.join(120_000);
        awaitAll(app, count);
        NumberTally tally = NumberTally.read(logstore.reader(), "syslog", "app_name: " + app, "message", count);
        System.out.println("SyslogBackPressureTest: TCP " + tally);
        assertEquals(List.of(), tally.lost(), tally.toString());
        assertEquals(0, tally.duplicates(), tally.toString());
        assertTrue(!framing.isPaused(), "reading again");
    }

    @Test
    void aUdpFloodOverTheQueueBoundDropsWhatItCountsAndTheListenerWorksOn() throws Exception {
        String app = "udp-" + UUID.randomUUID().toString().substring(0, 8);
        BatchEndpoint udpQueue = queue("syslog-udp");
        long droppedBefore = udpQueue.statistics().droppedEvents();
        long kernelBefore = SyslogSenders.kernelDrops(udpPort);
        logstore.server().faults().setOutage(true);
        long count = 30_000;
        SyslogSenders.Sender flood = SyslogSenders.udp(udpPort, app, count, 10_000);
        flood.join(60_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> spool.statistics().refusedAppends() > 0);
        long queueDrops = udpQueue.statistics().droppedEvents() - droppedBefore;
        long kernelDrops = SyslogSenders.kernelDrops(udpPort) - kernelBefore;
        logstore.server().faults().clear();

        awaitAll(app, count - queueDrops - kernelDrops);
        await().atMost(Duration.ofSeconds(60)).until(() -> spool.pendingBytes() == 0 && udpQueue.pendingEvents() == 0);
        NumberTally tally = NumberTally.read(logstore.reader(), "syslog", "app_name: " + app, "message", count);
        System.out.printf("SyslogBackPressureTest: UDP flood %s (queue drops %d, kernel drops %d)%n", tally, queueDrops,
                kernelDrops);
        assertTrue(queueDrops > count / 2, "the flood went over the queue bound: " + queueDrops);
        assertEquals(queueDrops + kernelDrops, tally.lost().size(), "missing is what was counted as dropped: " + tally);
        assertEquals(0, tally.duplicates(), tally.toString());

        String after = "after-" + app;
        SyslogSenders.udp(udpPort, after, 100, 1000).join(10_000);
        awaitAll(after, 100);
    }

    private BatchEndpoint queue(String name) {
        return context.getEndpoint("batch:" + name, BatchEndpoint.class);
    }

    private void awaitAll(String app, long expected) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                // (until the first log with a message arrives, the local Logstore answers 400 to the SQL)
                .ignoreExceptions().until(() -> {
            List<Map<String, String>> rows = logstore.reader().query("syslog",
                    "app_name: " + app + " | SELECT count(DISTINCT message) AS n", 100, 0);
            return !rows.isEmpty() && Long.parseLong(rows.get(0).get("n")) >= expected;
        });
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
