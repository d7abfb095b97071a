package io.logcamel.tail;

import io.logcamel.localstore.FaultInjector;
import io.logcamel.testing.KubeletLogs;
import io.logcamel.testing.LocalLogstoreFixture;
import io.logcamel.testing.NumberedLog;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Container logs as a node holds them, read by the shipped kind of route ({@code tail:} with
 * {@code format}, the multi-line options, {@code logstore:} to the real local Logstore, which
 * refuses everything for a while): two pods' containers written in CRI or Docker framing, with
 * 50,000-character lines in 16 KiB partial lines (a stderr line between the parts), stdout and
 * stderr interleaved, short lines in two partial lines, Java stack traces over many full lines,
 * lines without the runtime's prefix, the kubelet's rotation with compression of the file rotated
 * before, and a container restart. Every record is counted by its number and checked for its
 * content, time (to the nanosecond), stream and pod tags.
 */
class ContainerLogsTest {

    private static final int RECORDS = 8_000;
    private static final int BIG_LINE = 50_000;
    private static final long ROTATE_BYTES = 400 * 1024;
    private static final String STACK = "\n\tat io.example.shop.Orders.accept(Orders.java:42)"
            + "\n\tat io.example.shop.Http.handle(Http.java:117)\nCaused by: java.io.IOException: disk full"
            + "\n\tat java.base/java.io.FileOutputStream.writeBytes(Native Method)\n\t... 12 more";

    private static LocalLogstoreFixture store;

    @TempDir
    static Path storeDir;

    @TempDir
    Path dir;

    /** What the oracle expects of one record. */
    record Expected(String content, String stream, Instant time, KubeletLogs.Container container, int restart,
                    String containerId) {
    }

    @BeforeAll
    static void startStore() throws IOException {
        TailHarness.activateLogging();
        store = new LocalLogstoreFixture(storeDir.resolve("store"));
    }

    @AfterAll
    static void stopStore() throws IOException {
        store.close();
    }

    @ParameterizedTest
    @EnumSource(KubeletLogs.Format.class)
    void everyRecordArrivesOnceJoinedWithItsTimeStreamAndPod(KubeletLogs.Format format) throws Exception {
        String name = "k8s-" + format.name().toLowerCase();
        Path pods = Files.createDirectories(dir.resolve("var/log/pods"));
        Path links = Files.createDirectories(dir.resolve("var/log/containers"));
        DefaultCamelContext camel = new DefaultCamelContext();
        TailComponent tail = new TailComponent();
        tail.setCheckpointDir(dir.resolve("checkpoints").toString());
        camel.addComponent("tail", tail);
        LocalLogstoreFixture.loadYaml(camel, """
                - route:
                    id: %s
                    from:
                      uri: tail:%s
                      parameters:
                        path: %s
                        include: "*/*/*.log"
                        format: %s
                        containerLinksPath: %s
                        multilineStart: "\\\\d{8} .*"
                        multilineFlushTimeout: 500
                        lastLineTimeout: 500
                        pollInterval: 200
                        maxRetryDelay: 1000
                      steps:
                        - to:
                            uri: "%s"
                """.formatted(name, name, pods, format.name().toLowerCase(), links, store.uri(name)));
        camel.start();
        FaultInjector faults = store.server().faults();
        Map<Long, Expected> expected = new HashMap<>();
        int invalidWritten = 0;
        KubeletLogs.Container web = new KubeletLogs.Container(pods, links, format, "shop", "web-7d4b9c-x2x9z",
                "0f1e2d3c-4b5a-6978-8091-a2b3c4d5e6f7", "app", "a".repeat(64));
        KubeletLogs.Container worker = new KubeletLogs.Container(pods, links, format, "billing", "worker-0",
                "11111111-2222-3333-4444-555555555555", "main", "b".repeat(64));
        TailEndpoint endpoint = (TailEndpoint) camel.getRoute(name).getEndpoint();
        try {
            TailHarness.await("first sweep", Duration.ofSeconds(10), () -> endpoint.getMetrics().getSweeps() > 0);
            Instant base = Instant.now().minusSeconds(600);
            for (long n = 0; n < RECORDS; n++) {
                if (n == RECORDS / 5) {
                    faults.setOutage(true);
                }
                if (n == RECORDS * 3 / 5) {
                    faults.setOutage(false);
                }
                if (n == RECORDS / 2) {
                    web.restart("c".repeat(64));
                }
                KubeletLogs.Container container = (n / 2) % 2 == 0 ? web : worker;
                Instant time = base.plusNanos(n * 1_000_123L);
                if (n % 1000 == 500) {
                    // a 50,000-character stdout line in 16 KiB parts, a stderr line of the same container between them
                    String big = String.format("%08d big ", n) + "x".repeat(BIG_LINE - 13);
                    container.writePart(time, "stdout", true, big.substring(0, KubeletLogs.RUNTIME_LINE_LIMIT));
                    Instant between = base.plusNanos((n + 1) * 1_000_123L);
                    container.writeLine(between, "stderr", NumberedLog.line(n + 1));
                    container.writeLine(time, "stdout", big.substring(KubeletLogs.RUNTIME_LINE_LIMIT));
                    expected.put(n, expect(big, "stdout", time, container));
                    expected.put(n + 1, expect(NumberedLog.line(n + 1), "stderr", between, container));
                    n++;
                } else if (n % 1000 == 250) {
                    String[] lines = (String.format("%08d ERROR order failed: java.lang.IllegalStateException: boom", n)
                            + STACK).split("\n");
                    for (int i = 0; i < lines.length; i++) {
                        container.writeLine(time.plusNanos(i), "stderr", lines[i]);
                    }
                    expected.put(n, expect(String.join("\n", lines), "stderr", time, container));
                } else if (n % 997 == 3) {
                    container.writeRaw(NumberedLog.line(n) + "\n");
                    expected.put(n, expect(NumberedLog.line(n), null, null, container));
                    invalidWritten++;
                } else {
                    String stream = n % 3 == 0 ? "stderr" : "stdout";
                    String line = NumberedLog.line(n);
                    if (n % 7 == 0) {
                        container.writePart(time, stream, true, line.substring(0, 100));
                        container.writePart(time.plusNanos(5), stream, false, line.substring(100));
                    } else {
                        container.writeLine(time, stream, line);
                    }
                    expected.put(n, expect(line, stream, time, container));
                }
                if (container.bytesInFile() > ROTATE_BYTES) {
                    container.rotate();
                }
                if (n % 200 == 0) {
                    TimeUnit.MILLISECONDS.sleep(25); // pacing, as an application writes
                }
            }
        } finally {
            faults.clear();
            web.close();
            worker.close();
        }
        assertTrue(web.rotations() >= 2 && worker.rotations() >= 2, "rotations: " + web.rotations() + ", " + worker.rotations());
        try (var files = Files.walk(pods)) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".gz")), "the kubelet's rotation compressed a file");
        }
        List<Map<String, String>> logs = awaitRecords(name, RECORDS);
        List<String> problems = new ArrayList<>();
        Map<Long, Integer> seen = new HashMap<>();
        for (Map<String, String> log : logs) {
            String content = log.get("content");
            long n;
            try {
                n = Long.parseLong(content.substring(0, 8));
            } catch (RuntimeException e) {
                problems.add("a record without a number: " + abbreviate(content));
                continue;
            }
            seen.merge(n, 1, Integer::sum);
            Expected want = expected.get(n);
            if (want == null) {
                problems.add(n + ": not written");
                continue;
            }
            check(problems, n, "content", abbreviate(want.content()), abbreviate(content));
            check(problems, n, "content length", want.content().length(), content.length());
            check(problems, n, "stream", want.stream(), log.get("stream"));
            if (want.time() != null) {
                check(problems, n, "time", want.time().getEpochSecond() + "." + want.time().getNano(),
                        log.get("__time__") + "." + log.get("__time_ns_part__"));
            }
            check(problems, n, "namespace", want.container().namespace, log.get("__tag__:_namespace_"));
            check(problems, n, "pod", want.container().pod, log.get("__tag__:_pod_name_"));
            check(problems, n, "uid", want.container().uid, log.get("__tag__:_pod_uid_"));
            check(problems, n, "container", want.container().name, log.get("__tag__:_container_name_"));
            check(problems, n, "restart", Integer.toString(want.restart()), log.get("__tag__:_restart_count_"));
            check(problems, n, "container id", want.containerId(), log.get("__tag__:_container_id_"));
        }
        long lost = 0;
        long duplicated = 0;
        for (long n = 0; n < RECORDS; n++) {
            int count = seen.getOrDefault(n, 0);
            if (count == 0) {
                lost++;
                if (lost <= 10) {
                    problems.add(n + ": lost");
                }
            }
            duplicated += Math.max(0, count - 1);
        }
        TailMetrics metrics = endpoint.getMetrics();
        String report = "lost=" + lost + " duplicated=" + duplicated + " stored=" + logs.size() + " batchesFailed="
                + metrics.getBatchesFailed() + " invalid=" + metrics.getContainerLinesInvalid() + "; "
                + problems.subList(0, Math.min(20, problems.size()));
        camel.stop();
        assertEquals(0, lost, report);
        assertEquals(0, duplicated, report);
        assertTrue(problems.isEmpty(), report);
        assertTrue(metrics.getBatchesFailed() > 0, "the outage failed deliveries: " + report);
        // lines read again after a failed delivery are counted again
        assertTrue(metrics.getContainerLinesInvalid() >= invalidWritten, report);
        assertEquals(0, metrics.getLinesSplit(), "no joined line reached maxLineSize: " + report);
    }

    private static Expected expect(String content, String stream, Instant time, KubeletLogs.Container container) {
        return new Expected(content, stream, time, container, container.restartCount(), container.containerId());
    }

    private List<Map<String, String>> awaitRecords(String logstore, int records) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String total = store.reader().query(logstore, "* | SELECT count(*) AS total", 1, 0).get(0).get("total");
            if (total != null && Long.parseLong(total) >= records) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return store.reader().all(logstore, "*");
    }

    private static void check(List<String> problems, long n, String what, Object want, Object got) {
        if (!java.util.Objects.equals(want, got)) {
            problems.add(n + ": " + what + " is " + got + ", not " + want);
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 120 ? text : text.substring(0, 120) + "...(" + text.length() + ")";
    }
}
