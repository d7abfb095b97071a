package io.logcamel.tail;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.logcamel.testing.KubeletLogs;
import io.logcamel.testing.LocalLogstoreFixture;
import io.logcamel.testing.MockKubernetesApi;
import io.logcamel.testing.NumberedLog;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Enrichment from the Kubernetes API, against Fabric8's mock API server (CRUD mode: list and
 * watch of the pods it was given), the real local Logstore as destination: the API down at
 * start, coming up, going away mid-run; label selectors. Every line is counted by its number.
 */
class PodEnrichmentTest {

    private static LocalLogstoreFixture store;

    @TempDir
    static Path storeDir;

    @TempDir
    Path dir;

    private KubernetesMockServer api;
    private DefaultCamelContext camel;

    @BeforeAll
    static void startStore() throws IOException {
        TailHarness.activateLogging();
        store = new LocalLogstoreFixture(storeDir.resolve("store"));
    }

    @AfterAll
    static void stopStore() throws IOException {
        store.close();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (api != null) {
            api.destroy();
        }
    }

    @Test
    void apiDownAtStartThenUpThenDownMidRunLosesNothing() throws Exception {
        int port = LocalLogstoreFixture.freeTcpPort();
        KubeletLogs.Container web = container("shop", "web-0", "aaaa0000-0000-0000-0000-000000000001", "app", 'a');
        String name = "enrich";
        startRoute(name, "http://127.0.0.1:" + port, null);

        // down at start: path metadata only
        write(web, 0, 500);
        List<Map<String, String>> first = awaitNumbers(name, 500);
        for (Map<String, String> log : first) {
            assertEquals("web-0", log.get("__tag__:_pod_name_"), log.toString());
            assertEquals(null, log.get("__tag__:_pod_label_app_"), log.toString());
        }

        // the API comes up: the informer finds it on its own and later lines carry the pod's labels
        api = MockKubernetesApi.start(port);
        MockKubernetesApi.createPod(api, "shop", "web-0", "aaaa0000-0000-0000-0000-000000000001", Map.of("app", "web", "tier", "front"), "app");
        long written = 500;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        boolean enriched = false;
        while (!enriched && System.nanoTime() < deadline) {
            write(web, written, 50);
            written += 50;
            enriched = labelled(name) != null;
            if (!enriched) {
                Thread.sleep(200); // pacing of the writer while the informer retries
            }
        }
        assertTrue(enriched, "no line carried the pod's labels within 60 s of the API coming up");
        Map<String, String> labelled = labelled(name);
        assertEquals("front", labelled.get("__tag__:_pod_label_tier_"));
        assertEquals("node-1", labelled.get("__tag__:_node_name_"));
        assertEquals("ReplicaSet", labelled.get("__tag__:_owner_kind_"));
        assertEquals("web-0-rs", labelled.get("__tag__:_owner_name_"));

        // the API goes away mid-run: lines go on arriving, with at least their path metadata
        api.destroy();
        api = null;
        write(web, written, 500);
        written += 500;
        List<Map<String, String>> all = awaitNumbers(name, written);
        for (Map<String, String> log : all) {
            assertEquals("shop", log.get("__tag__:_namespace_"), log.toString());
            assertEquals("app", log.get("__tag__:_container_name_"), log.toString());
        }
        web.close();
    }

    @Test
    void labelSelectorCollectsOnlyMatchingPods() throws Exception {
        int port = LocalLogstoreFixture.freeTcpPort();
        api = MockKubernetesApi.start(port);
        MockKubernetesApi.createPod(api, "shop", "web-1", "bbbb0000-0000-0000-0000-000000000001", Map.of("app", "web"), "app");
        MockKubernetesApi.createPod(api, "shop", "worker-1", "bbbb0000-0000-0000-0000-000000000002", Map.of("app", "worker"), "app");
        KubeletLogs.Container web = container("shop", "web-1", "bbbb0000-0000-0000-0000-000000000001", "app", 'b');
        KubeletLogs.Container worker = container("shop", "worker-1", "bbbb0000-0000-0000-0000-000000000002", "main", 'c');
        String name = "selector";
        startRoute(name, "http://127.0.0.1:" + port, "app in (web,api),!canary");
        TailEndpoint endpoint = (TailEndpoint) camel.getRoute(name).getEndpoint();
        // the informer has synced once the first enriched line is seen; until then every pod counts
        TailHarness.await("the API's view of the pods", Duration.ofSeconds(30),
                () -> endpoint.getMetrics().getKubernetesApiAvailable() == 1);
        write(worker, 1000, 300);
        write(web, 0, 300);
        List<Map<String, String>> logs = awaitNumbers(name, 300);
        for (Map<String, String> log : logs) {
            assertEquals("web-1", log.get("__tag__:_pod_name_"), log.toString());
        }
        assertEquals(300, logs.size(), "worker-1 does not match the selector");
        web.close();
        worker.close();
    }

    private static Map<String, String> labelled(String logstore) throws IOException {
        return store.reader().all(logstore, "*").stream().filter(log -> "web".equals(log.get("__tag__:_pod_label_app_")))
                .findFirst().orElse(null);
    }

    private KubeletLogs.Container container(String namespace, String pod, String uid, String name, char id) throws IOException {
        return new KubeletLogs.Container(dir.resolve("pods"), dir.resolve("containers"), KubeletLogs.Format.CRI,
                namespace, pod, uid, name, String.valueOf(id).repeat(64));
    }

    private void startRoute(String name, String apiUrl, String selector) throws Exception {
        Files.createDirectories(dir.resolve("pods"));
        camel = new DefaultCamelContext();
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
                        format: cri
                        containerLinksPath: %s
                        kubernetesApi: true
                        kubernetesApiUrl: "%s"
                        %s
                        pollInterval: 200
                        batchLinger: 50
                      steps:
                        - to:
                            uri: "%s"
                """.formatted(name, name, dir.resolve("pods"), dir.resolve("containers"), apiUrl,
                selector == null ? "" : "podLabelSelector: \"" + selector + "\"", store.uri(name)));
        camel.start();
        TailEndpoint endpoint = (TailEndpoint) camel.getRoute(name).getEndpoint();
        TailHarness.await("first sweep", Duration.ofSeconds(10), () -> endpoint.getMetrics().getSweeps() > 0);
    }

    private static void write(KubeletLogs.Container container, long first, int count) throws IOException {
        for (long n = first; n < first + count; n++) {
            container.writeLine(Instant.now(), "stdout", NumberedLog.line(n));
        }
    }

    /** Waits for numbers {@code [0, expected)} each exactly once (the per-number oracle). */
    private static List<Map<String, String>> awaitNumbers(String logstore, long expected) throws Exception {
        NumberedLog.Tally tally = NumberedLog.awaitTally(store.reader(), logstore, expected, 0, Duration.ofSeconds(60));
        assertEquals(0, tally.lost(), tally.toString());
        assertEquals(0, tally.duplicated(), tally.toString());
        return store.reader().all(logstore, "*");
    }
}
