package io.logcamel.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Fabric8's mock Kubernetes API in CRUD mode (list and watch answer with the pods it was given) on a
 * loopback port, and the pods the enrichment tests give it: on node {@code node-1}, owned by the
 * ReplicaSet {@code <pod>-rs}, with one container.
 */
public final class MockKubernetesApi {

    private MockKubernetesApi() {
    }

    public static KubernetesMockServer start(int port) throws IOException {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getByName("127.0.0.1"), port);
        return server;
    }

    public static void createPod(KubernetesMockServer server, String namespace, String name, String uid,
                                 Map<String, String> labels, String container) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withUid(uid).withLabels(labels)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(name + "-rs")
                .withUid("cccc0000-0000-0000-0000-000000000009").withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName(container).withImage(container + ":1")
                .endContainer().endSpec()
                .build();
        try (KubernetesClient client = server.createClient()) {
            client.pods().inNamespace(namespace).resource(pod).create();
        }
    }
}
