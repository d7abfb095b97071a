package io.logcamel.tail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the kubelet puts a container's log says whose it is:
 * {@code /var/log/pods/<namespace>_<pod>_<uid>/<container>/<restart>.log} (rotated:
 * {@code <restart>.log.<timestamp>}, maybe {@code .gz}), and the link
 * {@code /var/log/containers/<pod>_<namespace>_<container>-<container id>.log}. Names in
 * Kubernetes cannot hold {@code _}, so the separators are unambiguous.
 *
 * @param restartCount null for a {@code /var/log/containers} name; containerId null for a pods path
 */
public record PodLogPath(String namespace, String pod, String uid, String container, String restartCount,
                         String containerId) {

    private static final Pattern PODS = Pattern.compile(
            "(?:^|/)([a-z0-9]([-a-z0-9]*[a-z0-9])?)_([a-z0-9]([-.a-z0-9]*[a-z0-9])?)_([0-9a-fA-F-]+)/"
                    + "([a-z0-9]([-a-z0-9]*[a-z0-9])?)/([0-9]+)\\.log(\\.[^/]*)?$");
    private static final Pattern CONTAINERS = Pattern.compile(
            "(?:^|/)([a-z0-9]([-.a-z0-9]*[a-z0-9])?)_([a-z0-9]([-a-z0-9]*[a-z0-9])?)_"
                    + "([a-z0-9]([-a-z0-9]*[a-z0-9])?)-([0-9a-f]{64})\\.log$");

    /** The pod metadata in {@code path}, or null when it is not in the kubelet's layout. */
    public static PodLogPath parse(String path) {
        Matcher pods = PODS.matcher(path);
        if (pods.find()) {
            return new PodLogPath(pods.group(1), pods.group(3), pods.group(5), pods.group(6), pods.group(8), null);
        }
        Matcher containers = CONTAINERS.matcher(path);
        if (containers.find()) {
            return new PodLogPath(containers.group(3), containers.group(1), null, containers.group(5), null,
                    containers.group(7));
        }
        return null;
    }

    /** The live log of this container run, {@code .../<container>/<restart>.log}, from any of its (rotated) names. */
    static String liveLog(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.indexOf(".log", slash + 1);
        return dot < 0 ? path : path.substring(0, dot + 4);
    }

    PodLogPath withContainerId(String id) {
        return new PodLogPath(namespace, pod, uid, container, restartCount, id);
    }
}
