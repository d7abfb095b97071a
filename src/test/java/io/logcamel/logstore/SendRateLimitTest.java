package io.logcamel.logstore;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.localstore.LocalLogstoreServer;
import io.logcamel.localstore.LocalLogstoreSettings;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SendRateLimitTest {

    @TempDir
    Path dir;

    @Test
    void slotsFollowEachOtherAtTheRateWithoutBankingIdleTime() {
        AtomicLong now = new AtomicLong(0);
        SendRateLimiter limiter = new SendRateLimiter(1000, now::get);
        assertEquals(0, limiter.reserveMillis(500));
        assertEquals(500, limiter.reserveMillis(500));
        assertEquals(1000, limiter.reserveMillis(100));
        now.set(10_000_000_000L); // idle for a while: no burst allowance accumulates
        assertEquals(0, limiter.reserveMillis(1000));
        assertEquals(1000, limiter.reserveMillis(1));
        assertEquals(0, new SendRateLimiter(0, now::get).reserveMillis(1_000_000_000));
        assertThrows(IllegalArgumentException.class, () -> new SendRateLimiter(-1));
    }

    /**
     * Two endpoints sending from two threads share the component's limit: together they never send
     * faster than it (plus 10 % for the clock). How close to the limit they get depends on the
     * machine's load, so that is a benchmark figure, not an assertion here.
     */
    @Test
    void twoEndpointsTogetherNeverExceedTheSharedSendRate() throws Exception {
        long limit = 200_000;
        try (LocalLogstoreServer server = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0, dir,
                Map.of("rate-key", "rate-secret"), "demo"))) {
            DefaultCamelContext context = new DefaultCamelContext();
            LogstoreComponent component = new LogstoreComponent();
            component.setMaxBytesPerSecond(limit);
            context.addComponent("logstore", component);
            context.start();
            try {
                ProducerTemplate template = context.createProducerTemplate();
                String common = "?endpoint=http://127.0.0.1:" + server.port()
                        + "&accessKeyId=rate-key&accessKeySecret=rate-secret&compressType=none";
                List<String> uris = List.of("logstore:demo/rate-a" + common, "logstore:demo/rate-b" + common);
                // Warm-up (connections, JIT), not measured: its slots are still being paid for when
                // the measured sends start, which evens out the last send's slot at the end.
                long warmUpBytes = 0;
                for (String uri : uris) {
                    template.sendBody(uri, batch(99));
                    warmUpBytes += context.getEndpoint(uri, LogstoreEndpoint.class).getStatistics().bytesSent();
                }
                long started = System.nanoTime();
                List<Thread> senders = new ArrayList<>();
                for (String uri : uris) {
                    Thread sender = new Thread(() -> {
                        for (int i = 0; i < 20; i++) {
                            template.sendBody(uri, batch(i));
                        }
                    });
                    sender.start();
                    senders.add(sender);
                }
                for (Thread sender : senders) {
                    sender.join();
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                long bytes = -warmUpBytes;
                for (String uri : uris) {
                    bytes += context.getEndpoint(uri, LogstoreEndpoint.class).getStatistics().bytesSent();
                }
                double rate = bytes / seconds;
                System.out.printf("RATE limit=%d measured=%.0f bytes/s (%d bytes in %.2f s)%n", limit, rate, bytes,
                        seconds);
                assertTrue(rate <= 1.1 * limit, "measured " + rate + " bytes/s for a limit of " + limit);
            } finally {
                context.stop();
            }
        }
    }

    private static LogBatch batch(int n) {
        Random random = new Random(n);
        LogBatch batch = new LogBatch();
        for (int i = 0; i < 100; i++) {
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < 80; k++) {
                line.append((char) ('a' + random.nextInt(26)));
            }
            batch.add(LogEvent.ofContent(System.currentTimeMillis() / 1000, 0, line.toString()));
        }
        return batch;
    }
}
