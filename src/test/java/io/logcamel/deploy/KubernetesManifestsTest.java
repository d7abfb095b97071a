package io.logcamel.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.logcamel.tail.TailComponent;
import io.logcamel.tail.TailEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code kubernetes/} manifests as {@code kubectl apply -k kubernetes/} would send them: built
 * by kubectl's kustomize (client side; {@code --dry-run=client} needs an API server, which these
 * machines cannot run), then read into Fabric8's typed model with no field left over (a misspelt
 * or misplaced field fails), then checked for what container collection needs.
 */
class KubernetesManifestsTest {

    @Test
    void manifestsBuildAndMatchTheKubernetesSchema() throws Exception {
        List<HasMetadata> resources = build();
        List<String> unknown = new ArrayList<>();
        for (HasMetadata resource : resources) {
            leftovers(resource, resource.getKind() + "/" + resource.getMetadata().getName(), unknown);
        }
        assertTrue(unknown.isEmpty(), "fields the Kubernetes schema does not have: " + unknown);
        for (HasMetadata resource : resources) {
            if (!resource.getKind().startsWith("Cluster") && !resource.getKind().equals("Namespace")) {
                assertEquals("logcamel", resource.getMetadata().getNamespace(), resource.getKind());
            }
        }
    }

    @Test
    void daemonSetReadsContainerLogsAndKeepsCheckpointsOnTheHost() throws Exception {
        List<HasMetadata> resources = build();
        DaemonSet agent = one(resources, DaemonSet.class, "logcamel-agent");
        PodSpec pod = agent.getSpec().getTemplate().getSpec();
        VolumeMount[] mounts = pod.getContainers().get(0).getVolumeMounts().toArray(VolumeMount[]::new);
        for (String path : List.of("/var/log/pods", "/var/log/containers", "/var/lib/docker/containers")) {
            VolumeMount mount = covering(mounts, path);
            assertNotNull(mount, path + " is not mounted");
            assertTrue(Boolean.TRUE.equals(mount.getReadOnly()), path + " is mounted writable");
            assertNotNull(hostPath(pod, mount.getName()), path + " does not come from the host");
        }
        Properties settings = new Properties();
        settings.load(new java.io.StringReader(one(resources, ConfigMap.class, "logcamel-agent").getData().get("application.properties")));
        String checkpoints = settings.getProperty("logcamel.checkpoint.dir");
        VolumeMount state = covering(mounts, checkpoints);
        assertNotNull(state, "the checkpoint directory " + checkpoints + " is not mounted");
        assertTrue(!Boolean.TRUE.equals(state.getReadOnly()), "checkpoints must be writable");
        assertNotNull(hostPath(pod, state.getName()), "checkpoints are not on the host path");
        var resourcesOfAgent = pod.getContainers().get(0).getResources();
        assertNotNull(resourcesOfAgent.getLimits().get("memory"), "no memory limit");
        assertNotNull(resourcesOfAgent.getLimits().get("cpu"), "no cpu limit");
        String javaOptions = pod.getContainers().get(0).getEnv().stream().filter(env -> env.getName().equals("JAVA_OPTS_APPEND"))
                .findFirst().orElseThrow().getValue();
        assertTrue(javaOptions.contains("-Xmx128m") && resourcesOfAgent.getLimits().get("memory").toString().equals("512Mi"),
                "the heap must fit the memory limit (docs/inputs.md): " + javaOptions);
        assertTrue(pod.getContainers().get(0).getEnv().stream().anyMatch(env -> env.getName().equals("NODE_NAME")
                && env.getValueFrom().getFieldRef().getFieldPath().equals("spec.nodeName")), "NODE_NAME from the downward API");
    }

    @Test
    void rbacLetsTheAgentWatchPods() throws Exception {
        List<HasMetadata> resources = build();
        DaemonSet agent = one(resources, DaemonSet.class, "logcamel-agent");
        String account = agent.getSpec().getTemplate().getSpec().getServiceAccountName();
        boolean bound = false;
        for (ClusterRoleBinding binding : all(resources, ClusterRoleBinding.class)) {
            boolean forAgent = binding.getSubjects().stream().anyMatch(subject -> subject.getKind().equals("ServiceAccount")
                    && subject.getName().equals(account) && "logcamel".equals(subject.getNamespace()));
            if (!forAgent) {
                continue;
            }
            ClusterRole role = one(resources, ClusterRole.class, binding.getRoleRef().getName());
            bound |= role.getRules().stream().anyMatch(rule -> rule.getApiGroups().contains("") && rule.getResources().contains("pods")
                    && rule.getVerbs().containsAll(List.of("get", "list", "watch")));
        }
        assertTrue(bound, "no ClusterRole bound to " + account + " allows get, list and watch on pods");
    }

    @Test
    void exampleCollectsOneNamespaceToItsLogstore() throws Exception {
        ConfigMap routes = one(build(), ConfigMap.class, "logcamel-routes");
        String yaml = routes.getData().get("containers-default.camel.yaml");
        assertNotNull(yaml, "the example collection config for a namespace");
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        Map<?, ?> route = (Map<?, ?>) ((Map<?, ?>) mapper.readValue(yaml, List.class).get(0)).get("route");
        Map<?, ?> from = (Map<?, ?>) route.get("from");
        Map<?, ?> parameters = (Map<?, ?>) from.get("parameters");
        StringBuilder uri = new StringBuilder(from.get("uri").toString());
        char separator = '?';
        for (Map.Entry<?, ?> parameter : parameters.entrySet()) {
            uri.append(separator).append(parameter.getKey()).append("=RAW(").append(parameter.getValue()).append(')');
            separator = '&';
        }
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addComponent("tail", new TailComponent());
            // every option exists and has a valid value: the endpoint binds and validates them
            TailEndpoint endpoint = (TailEndpoint) camel.getEndpoint(uri.toString());
            endpoint.getConfiguration().validate();
            assertEquals("default", endpoint.getConfiguration().getIncludeNamespace());
            assertTrue(endpoint.getConfiguration().isKubernetesApi());
            assertTrue(endpoint.getConfiguration().getFormat().name().matches("CRI|DOCKER|AUTO"));
        }
        assertTrue(yaml.contains("logstore:demo/k8s-default"), yaml);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static List<HasMetadata> built;

    private static synchronized List<HasMetadata> build() throws Exception {
        if (built == null) {
            built = kustomize();
        }
        return built;
    }

    private static List<HasMetadata> kustomize() throws Exception {
        Process kustomize = new ProcessBuilder("kubectl", "kustomize", "kubernetes/").redirectErrorStream(true).start();
        byte[] output = kustomize.getInputStream().readAllBytes();
        assertTrue(kustomize.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize hung");
        assertEquals(0, kustomize.exitValue(), new String(output, StandardCharsets.UTF_8));
        List<HasMetadata> resources = new ArrayList<>();
        Object parsed = Serialization.unmarshal(new ByteArrayInputStream(output));
        if (parsed instanceof KubernetesList list) {
            resources.addAll(list.getItems());
        } else if (parsed instanceof List<?> list) {
            list.forEach(item -> resources.add((HasMetadata) item));
        } else {
            resources.add((HasMetadata) parsed);
        }
        assertTrue(resources.size() >= 10, "resources: " + resources.size());
        assertTrue(Files.isDirectory(Path.of("kubernetes")));
        return resources;
    }

    private static <T extends HasMetadata> List<T> all(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> resources, Class<T> type, String name) {
        return all(resources, type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    private static VolumeMount covering(VolumeMount[] mounts, String path) {
        VolumeMount best = null;
        for (VolumeMount mount : mounts) {
            String at = mount.getMountPath();
            if ((path.equals(at) || path.startsWith(at.endsWith("/") ? at : at + "/"))
                    && (best == null || at.length() > best.getMountPath().length())) {
                best = mount;
            }
        }
        return best;
    }

    private static String hostPath(PodSpec pod, String volume) {
        for (Volume candidate : pod.getVolumes()) {
            if (candidate.getName().equals(volume) && candidate.getHostPath() != null) {
                return candidate.getHostPath().getPath();
            }
        }
        return null;
    }

    /** Fabric8's model keeps fields it does not know in additionalProperties: any there is a schema error. */
    private static void leftovers(Object node, String where, List<String> unknown) throws Exception {
        if (node == null || !node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value = getter.invoke(node);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(where + ": " + extra.keySet());
                }
                continue;
            }
            String child = where + "." + getter.getName().substring(3);
            if (value instanceof Collection<?> items) {
                for (Object item : items) {
                    leftovers(item, child, unknown);
                }
            } else if (value instanceof Map<?, ?> map) {
                for (Object item : map.values()) {
                    leftovers(item, child, unknown);
                }
            } else {
                leftovers(value, child, unknown);
            }
        }
    }
}
