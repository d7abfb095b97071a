package io.logcamel.tail;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the Kubernetes API says about the pods on this node (labels, annotations, node, owner),
 * kept by a Fabric8 informer: one list, then a watch, so looking a pod up never waits for the
 * API. When the API is absent or refuses (no service account, RBAC, network), the informer keeps
 * trying in the background and logs are shipped with their path metadata only; that is logged
 * once, and once again when the API answers. A pod already known keeps its metadata while the
 * API is away.
 */
final class PodDirectory implements AutoCloseable {

    static final String NODE_NAME = "_node_name_";
    static final String LABEL_PREFIX = "_pod_label_";
    static final String ANNOTATION_PREFIX = "_pod_annotation_";
    static final String OWNER_KIND = "_owner_kind_";
    static final String OWNER_NAME = "_owner_name_";

    private static final Logger LOG = LoggerFactory.getLogger(PodDirectory.class);

    private final String configName;
    private final KubernetesClient client;
    private final SharedIndexInformer<Pod> informer;
    private final LabelSelector selector;
    private final boolean annotations;
    private final AtomicBoolean degraded = new AtomicBoolean();
    private final AtomicLong availableGauge;
    private java.util.concurrent.CompletableFuture<Void> firstView;

    private PodDirectory(String configName, KubernetesClient client, SharedIndexInformer<Pod> informer,
                         LabelSelector selector, boolean annotations, AtomicLong availableGauge) {
        this.configName = configName;
        this.availableGauge = availableGauge;
        this.client = client;
        this.informer = informer;
        this.selector = selector;
        this.annotations = annotations;
    }

    /** Starts watching the pods (of {@code kubernetesNode} when known); returns at once, whether the API answers or not. */
    static PodDirectory start(TailConfiguration config, TailMetrics metrics) {
        ConfigBuilder settings = new ConfigBuilder(Config.autoConfigure(null));
        if (config.getKubernetesApiUrl() != null && !config.getKubernetesApiUrl().isBlank()) {
            settings.withMasterUrl(config.getKubernetesApiUrl());
        }
        // the informer retries on its own; a request that hangs must not hold a thread for minutes
        settings.withRequestTimeout(10_000).withConnectionTimeout(5_000).withRequestRetryBackoffLimit(0);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(settings.build()).build();
        String node = config.kubernetesNode();
        SharedIndexInformer<Pod> informer = node == null
                ? client.pods().inAnyNamespace().runnableInformer(0)
                : client.pods().inAnyNamespace().withField("spec.nodeName", node).runnableInformer(0);
        LabelSelector selector = config.getPodLabelSelector() == null || config.getPodLabelSelector().isBlank() ? null
                : LabelSelector.parse("podLabelSelector", config.getPodLabelSelector());
        PodDirectory directory = new PodDirectory(config.getName(), client, informer, selector, config.isPodAnnotations(),
                metrics.kubernetesApiAvailable);
        informer.exceptionHandler((started, failure) -> {
            directory.unavailable(failure);
            return true; // keep trying: the API may come (back) later
        });
        directory.firstView = informer.start().toCompletableFuture();
        directory.firstView.whenComplete((done, failure) -> {
            if (failure == null) {
                directory.available();
            }
        });
        return directory;
    }

    /**
     * Waits up to {@code millis} for the first view of the pods, so that files found at start are
     * judged by their labels rather than taken while the API has not answered yet.
     */
    void awaitFirstView(long millis) {
        try {
            firstView.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // not there yet: the informer goes on trying; until then every pod's logs are collected
        }
        isAvailable();
    }

    boolean hasSelector() {
        return selector != null;
    }

    /** True while the informer has a current view of the pods. */
    boolean isAvailable() {
        boolean available = informer.hasSynced() && informer.isWatching();
        availableGauge.set(available ? 1 : 0);
        return available;
    }

    /**
     * Whether the pod's logs are collected under {@code podLabelSelector}. A pod the API does not
     * know yet waits for the next sweep (its file is then read from its start); while the API is
     * away, every pod's logs are collected rather than lost.
     */
    boolean selects(String namespace, String pod) {
        if (selector == null) {
            return true;
        }
        if (!isAvailable()) {
            return true;
        }
        Pod found = informer.getStore().getByKey(namespace + "/" + pod);
        return found != null && selector.test(found.getMetadata().getLabels());
    }

    /** The API's tags of a pod; empty when the pod is not known (yet, or the API never answered). */
    Map<String, String> tagsOf(String namespace, String pod) {
        isAvailable(); // keeps the gauge current
        if (namespace == null || pod == null) {
            return Map.of();
        }
        Pod found = informer.getStore().getByKey(namespace + "/" + pod);
        if (found == null) {
            return Map.of();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (found.getSpec() != null && found.getSpec().getNodeName() != null) {
            tags.put(NODE_NAME, found.getSpec().getNodeName());
        }
        if (found.getMetadata().getLabels() != null) {
            found.getMetadata().getLabels().forEach((key, value) -> tags.put(LABEL_PREFIX + key + "_", value));
        }
        if (annotations && found.getMetadata().getAnnotations() != null) {
            found.getMetadata().getAnnotations().forEach((key, value) -> tags.put(ANNOTATION_PREFIX + key + "_", value));
        }
        if (found.getMetadata().getOwnerReferences() != null) {
            for (OwnerReference owner : found.getMetadata().getOwnerReferences()) {
                if (Boolean.TRUE.equals(owner.getController())) {
                    tags.put(OWNER_KIND, owner.getKind());
                    tags.put(OWNER_NAME, owner.getName());
                }
            }
        }
        return tags;
    }

    private void unavailable(Throwable failure) {
        if (degraded.compareAndSet(false, true)) {
            LOG.warn("Tail {}: the Kubernetes API at {} does not answer ({}); container logs are shipped with their"
                    + " path metadata only until it does", configName, client.getMasterUrl(), summary(failure));
        }
    }

    private void available() {
        isAvailable();
        if (degraded.compareAndSet(true, false)) {
            LOG.info("Tail {}: the Kubernetes API answers again; pods' labels are added to their logs", configName);
        } else {
            LOG.info("Tail {}: watching {} pods through the Kubernetes API at {}", configName,
                    informer.getStore().list().size(), client.getMasterUrl());
        }
    }

    /** The message without a stack trace: the API being away is an expected state here, not a bug. */
    private static String summary(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == failure ? String.valueOf(failure.getMessage()) : failure.getMessage() + ": " + cause;
    }

    @Override
    public void close() {
        informer.close();
        client.close();
    }
}
