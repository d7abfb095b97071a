package io.logcamel.localstore;

import java.util.regex.Pattern;

/**
 * The project of a request, from its Host header as Log Service reads it: the left-most label of
 * {@code {project}.{endpoint}}. A Host that carries no project (an IP literal, bare
 * {@code localhost}) gets the default project, so plain clients and curl work too.
 */
final class ProjectResolver {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String defaultProject;

    ProjectResolver(String defaultProject) {
        this.defaultProject = defaultProject;
    }

    String projectOf(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank() || hostHeader.startsWith("[")) {
            return defaultProject;
        }
        String host = hostHeader.trim();
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        int dot = host.indexOf('.');
        if (dot <= 0 || IPV4.matcher(host).matches()) {
            return defaultProject;
        }
        return host.substring(0, dot).toLowerCase(java.util.Locale.ROOT);
    }
}
