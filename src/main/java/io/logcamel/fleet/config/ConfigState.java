package io.logcamel.fleet.config;

import java.util.List;

/**
 * What is true now about one config: the version asked for, its status, the error when it
 * failed, and the version whose routes actually run ({@code runningVersion}, which stays the
 * previous one when a new version FAILED; -1 when none runs).
 */
public record ConfigState(String name, long version, ConfigStatus status, String message,
                          long runningVersion, List<String> routeIds, String origin) {

    public ConfigState {
        routeIds = List.copyOf(routeIds);
        message = message == null ? "" : message;
    }
}
