package io.logcamel.checkpoint;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where checkpoints live. The environment variable wins over the setting so that a container can
 * point the store at a mounted volume without editing files.
 */
public final class CheckpointSettings {

    public static final String DIR_PROPERTY = "logcamel.checkpoint.dir";
    public static final String DIR_ENV = "LOGCAMEL_CHECKPOINT_DIR";
    public static final String DEFAULT_DIR = "data/checkpoints";

    private CheckpointSettings() {
    }

    /**
     * @param env      reads an environment variable (System::getenv in production)
     * @param settings reads a configuration property, may return null
     */
    public static Path resolveDirectory(Function<String, String> env, Function<String, String> settings) {
        String fromEnv = env.apply(DIR_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.trim());
        }
        String fromSettings = settings.apply(DIR_PROPERTY);
        if (fromSettings != null && !fromSettings.isBlank()) {
            return Path.of(fromSettings.trim());
        }
        return Path.of(DEFAULT_DIR);
    }
}
