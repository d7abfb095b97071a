package io.logcamel.localstore;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link LocalstoreConfig} into server settings, refusing bad values with a message that
 * names the setting. Messages quote key ids but never secrets.
 */
final class LocalstoreSettingsFactory {

    static final String PREFIX = "logcamel.localstore.";

    private LocalstoreSettingsFactory() {
    }

    static LocalLogstoreSettings settings(LocalstoreConfig config) {
        if (config.host().isBlank()) {
            throw invalid("host", "must not be blank");
        }
        if (config.port() < 0 || config.port() > 65535) {
            throw invalid("port", "must be between 0 and 65535, got " + config.port());
        }
        if (config.threads() < 1 || config.threads() > 256) {
            throw invalid("threads", "must be between 1 and 256, got " + config.threads());
        }
        if (!config.defaultProject().matches("[a-z0-9][a-z0-9-]{1,62}")) {
            throw invalid("default-project", "must be 2-63 lower-case letters, digits or '-', got '" + config.defaultProject() + "'");
        }
        Path dataDir;
        try {
            dataDir = Path.of(config.dataDir());
        } catch (InvalidPathException e) {
            throw invalid("data-dir", "is not a valid path: " + e.getMessage());
        }
        if (config.maxIndexBacklog().asLongValue() < 1024 * 1024) {
            throw invalid("max-index-backlog", "must be at least 1M, got " + config.maxIndexBacklog().asLongValue() + " bytes");
        }
        if (config.queryWait().isNegative()) {
            throw invalid("query-wait", "must not be negative, got " + config.queryWait());
        }
        if (config.maxColumns() < 1 || config.maxColumns() > 10_000) {
            throw invalid("max-columns", "must be between 1 and 10000, got " + config.maxColumns());
        }
        LocalLogstoreSettings.Storage storage = new LocalLogstoreSettings.Storage(config.journalFsync(),
                config.maxIndexBacklog().asLongValue(), config.queryWait(), config.maxColumns());
        return new LocalLogstoreSettings(config.host(), config.port(), dataDir,
                accessKeys(config.accessKeys().orElse(List.of())), config.defaultProject(), config.threads(),
                config.anonymousLoopbackRead(), storage);
    }

    /** Applies the configured start-up faults, validated like the settings. */
    static void applyFaults(LocalstoreConfig.Faults faults, FaultInjector injector) {
        try {
            injector.setError(faults.errorCode().orElse(null), faults.rate());
        } catch (IllegalArgumentException e) {
            throw invalid("faults.error-code/rate", e.getMessage());
        }
        try {
            injector.setLatencyMillis(faults.latencyMillis());
        } catch (IllegalArgumentException e) {
            throw invalid("faults.latency-millis", e.getMessage());
        }
        injector.setOutage(faults.outage());
    }

    private static Map<String, String> accessKeys(List<String> entries) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String entry : entries) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                // show only what is before the colon: the rest may be a secret
                String shown = colon < 0 ? (trimmed.length() > 64 ? trimmed.substring(0, 8) + "..." : trimmed)
                        : trimmed.substring(0, colon);
                throw invalid("access-keys", "entry '" + shown + "' must be id:secret");
            }
            String id = trimmed.substring(0, colon);
            if (keys.put(id, trimmed.substring(colon + 1)) != null) {
                throw invalid("access-keys", "has the id '" + id + "' twice");
            }
        }
        if (keys.isEmpty()) {
            throw invalid("access-keys", "must list at least one id:secret when the local Logstore is enabled");
        }
        return keys;
    }

    private static IllegalArgumentException invalid(String setting, String problem) {
        return new IllegalArgumentException(PREFIX + setting + " " + problem);
    }
}
