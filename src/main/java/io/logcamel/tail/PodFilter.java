package io.logcamel.tail;

import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which containers' logs a config collects, by namespace, pod and container name regexes (whole
 * name; include when set, then exclude). Files outside the kubelet's layout are not judged: the
 * include globs decide about them.
 */
final class PodFilter implements Predicate<Path> {

    private final Pattern includeNamespace;
    private final Pattern excludeNamespace;
    private final Pattern includePod;
    private final Pattern excludePod;
    private final Pattern includeContainer;
    private final Pattern excludeContainer;

    PodFilter(TailConfiguration config) {
        includeNamespace = TailConfiguration.compile("includeNamespace", config.getIncludeNamespace());
        excludeNamespace = TailConfiguration.compile("excludeNamespace", config.getExcludeNamespace());
        includePod = TailConfiguration.compile("includePod", config.getIncludePod());
        excludePod = TailConfiguration.compile("excludePod", config.getExcludePod());
        includeContainer = TailConfiguration.compile("includeContainer", config.getIncludeContainer());
        excludeContainer = TailConfiguration.compile("excludeContainer", config.getExcludeContainer());
    }

    boolean isEmpty() {
        return includeNamespace == null && excludeNamespace == null && includePod == null && excludePod == null
                && includeContainer == null && excludeContainer == null;
    }

    @Override
    public boolean test(Path file) {
        PodLogPath pod = PodLogPath.parse(file.toString());
        return pod == null || accepts(pod.namespace(), includeNamespace, excludeNamespace)
                && accepts(pod.pod(), includePod, excludePod) && accepts(pod.container(), includeContainer, excludeContainer);
    }

    private static boolean accepts(String name, Pattern include, Pattern exclude) {
        return (include == null || include.matcher(name).matches()) && (exclude == null || !exclude.matcher(name).matches());
    }
}
