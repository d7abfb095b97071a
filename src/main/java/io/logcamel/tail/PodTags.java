package io.logcamel.tail;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The batch tags of a container's log from its path ({@link PodLogPath}): namespace, pod name and
 * uid, container name, restart count and, for {@code /var/log/pods} files, the container id from
 * the {@code /var/log/containers} link that points at the file. The links are read again when a
 * file has none yet (the kubelet makes the link just after the file), at most once per interval.
 */
final class PodTags {

    static final String NAMESPACE = "_namespace_";
    static final String POD_NAME = "_pod_name_";
    static final String POD_UID = "_pod_uid_";
    static final String CONTAINER_NAME = "_container_name_";
    static final String RESTART_COUNT = "_restart_count_";
    static final String CONTAINER_ID = "_container_id_";

    private static final int CACHED_PATHS = 10_000;

    private final Path linksDirectory;
    private final long rescanInterval;
    private final LongSupplier clock;
    private final Map<String, Map<String, String>> byPath = new HashMap<>();
    private Map<String, String> containerIds = Map.of();
    private long lastScan = Long.MIN_VALUE / 2;

    PodTags(Path linksDirectory, long rescanInterval, LongSupplier clock) {
        this.linksDirectory = linksDirectory;
        this.rescanInterval = rescanInterval;
        this.clock = clock;
    }

    /** The tags of the file at {@code path}; empty when it is not in the kubelet's layout. */
    Map<String, String> tagsOf(String path) {
        Map<String, String> cached = byPath.get(path);
        if (cached != null) {
            return cached;
        }
        PodLogPath pod = PodLogPath.parse(path);
        if (pod == null) {
            return remember(path, Map.of(), true);
        }
        boolean complete = true;
        if (pod.containerId() == null && linksDirectory != null) {
            String id = containerIdOf(PodLogPath.liveLog(path));
            if (id != null) {
                pod = pod.withContainerId(id);
            } else {
                complete = false; // ask the links again later
            }
        }
        return remember(path, tags(pod), complete);
    }

    static Map<String, String> tags(PodLogPath pod) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(NAMESPACE, pod.namespace());
        tags.put(POD_NAME, pod.pod());
        if (pod.uid() != null) {
            tags.put(POD_UID, pod.uid());
        }
        tags.put(CONTAINER_NAME, pod.container());
        if (pod.restartCount() != null) {
            tags.put(RESTART_COUNT, pod.restartCount());
        }
        if (pod.containerId() != null) {
            tags.put(CONTAINER_ID, pod.containerId());
        }
        return Map.copyOf(tags);
    }

    private Map<String, String> remember(String path, Map<String, String> tags, boolean complete) {
        if (complete) {
            if (byPath.size() >= CACHED_PATHS) {
                byPath.clear();
            }
            byPath.put(path, tags);
        }
        return tags;
    }

    private String containerIdOf(String liveLog) {
        String id = containerIds.get(liveLog);
        long now = clock.getAsLong();
        if (id == null && now - lastScan >= rescanInterval) {
            lastScan = now;
            containerIds = scanLinks();
            id = containerIds.get(liveLog);
        }
        return id;
    }

    /** Link target (as the kubelet wrote it, absolute) -> the container id in the link's name. */
    private Map<String, String> scanLinks() {
        Map<String, String> ids = new HashMap<>();
        if (!Files.isDirectory(linksDirectory)) {
            return ids;
        }
        try (DirectoryStream<Path> links = Files.newDirectoryStream(linksDirectory, "*.log")) {
            for (Path link : links) {
                PodLogPath named = PodLogPath.parse(link.toString());
                if (named == null || !Files.isSymbolicLink(link)) {
                    continue;
                }
                try {
                    Path target = Files.readSymbolicLink(link);
                    Path absolute = link.getParent().resolve(target).normalize();
                    ids.put(absolute.toString(), named.containerId());
                } catch (IOException | UnsupportedOperationException e) {
                    // removed while listed: the next scan sees the new state
                }
            }
        } catch (IOException e) {
            // unreadable now; files keep their path tags and are asked about again later
        }
        return ids;
    }
}
