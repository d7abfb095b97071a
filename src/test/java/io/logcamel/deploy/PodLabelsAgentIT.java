package io.logcamel.deploy;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.logcamel.testing.AgentEndpoints;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.AgentSettings;
import io.logcamel.testing.KubeletLogs;
import io.logcamel.testing.LocalLogstoreFixture;
import io.logcamel.testing.MockKubernetesApi;
import io.logcamel.testing.NumberedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged agent with the shipped container config ({@code containers-default} of
 * {@code kubernetes/agent-config.yaml}) and a Kubernetes API to reach (Fabric8's mock API server,
 * found as in a pod through {@code KUBERNETES_MASTER}): the pods' labels, node and owner reach every
 * log. {@link ContainerAgentIT} runs the same config with no API; this one shows the client works
 * in the agent's own class path (the plain Fabric8 client, its HTTP client found by the service
 * loader, pods decoded).
 */
class PodLabelsAgentIT {

    private static final int LINES = 2_000;

    @TempDir
    Path work;

    @Test
    void thePodsLabelsReachEveryLogOfTheShippedContainerConfig() throws Exception {
        ContainerAgentIT.Node node = ContainerAgentIT.Node.withShippedContainerConfig(work);
        String uid = "0f5c2a6e-4444-4a7e-9a53-6a1f3c9e2b04";

        KubernetesMockServer api = MockKubernetesApi.start(AgentProcess.freePort());
        try (LocalLogstoreFixture store = new LocalLogstoreFixture(work.resolve("store"));
             KubeletLogs.Container web = new KubeletLogs.Container(node.pods(), node.links(), KubeletLogs.Format.CRI, "default",
                     "web-6c9f1", uid, "nginx", "c0ffee04")) {
            MockKubernetesApi.createPod(api, "default", "web-6c9f1", uid, Map.of("app", "web", "tier", "front"), "nginx");
            int httpPort = AgentProcess.freePort();
            Map<String, String> settings = new HashMap<>(AgentSettings.shippingTo(work, node.routes(), store, httpPort));
            settings.put("KUBERNETES_MASTER", "http://127.0.0.1:" + api.getPort());
            settings.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
            try (AgentProcess agent = AgentProcess.start(Paths.get("").toAbsolutePath(), work.resolve("agent.log"), settings)) {
                AgentEndpoints.awaitReady(agent, httpPort, Duration.ofSeconds(90));
                await("the agent's view of the pods").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> AgentEndpoints.failIfExited(agent)
                                && agent.output().contains("watching 1 pods through the Kubernetes API"));
                for (long n = 0; n < LINES; n++) {
                    web.writeLine(Instant.now(), "stdout", NumberedLog.line(n));
                }
                NumberedLog.Tally tally = NumberedLog.awaitTally(store.reader(), "k8s-default", LINES, 0,
                        Duration.ofSeconds(90));
                assertEquals(0, tally.lost(), tally.toString());
                assertEquals(0, tally.duplicated(), tally.toString());
                List<Map<String, String>> logs = store.reader().all("k8s-default", "*");
                for (Map<String, String> log : logs) {
                    assertEquals("web", log.get("__tag__:_pod_label_app_"), log.toString());
                    assertEquals("front", log.get("__tag__:_pod_label_tier_"), log.toString());
                    assertEquals("node-1", log.get("__tag__:_node_name_"), log.toString());
                    assertEquals("ReplicaSet", log.get("__tag__:_owner_kind_"), log.toString());
                    assertEquals("web-6c9f1-rs", log.get("__tag__:_owner_name_"), log.toString());
                }
                assertTrue(logs.size() >= LINES, "every line: " + logs.size());
            }
        } finally {
            api.destroy();
        }
    }
}
