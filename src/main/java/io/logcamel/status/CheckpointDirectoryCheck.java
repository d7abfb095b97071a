package io.logcamel.status;

import io.logcamel.checkpoint.CheckpointSettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Start-up stops when the checkpoint directory cannot be created or written: an agent that runs
 * without durable checkpoints re-reads every file after each restart (13 of 13 lines duplicated
 * in the trial), so it must not come up at all. The error names the setting and the
 * environment variable.
 */
@ApplicationScoped
public class CheckpointDirectoryCheck {

    void check(@Observes @Priority(1) StartupEvent event) {
        Path dir = CheckpointSettings.resolveDirectory(System::getenv,
                key -> ConfigProvider.getConfig().getOptionalValue(key, String.class).orElse(null));
        verify(dir);
    }

    static void verify(Path dir) {
        String setting = CheckpointSettings.DIR_PROPERTY + " (env " + CheckpointSettings.DIR_ENV + ")";
        try {
            Files.createDirectories(dir);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The checkpoint directory " + dir.toAbsolutePath() + " (setting " + setting
                    + ") cannot be created: " + e + ". Point it at a writable directory.", e);
        }
        Path probe = dir.resolve(".write-test-" + ProcessHandle.current().pid());
        try {
            Files.writeString(probe, "probe");
            Files.delete(probe);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The checkpoint directory " + dir.toAbsolutePath() + " (setting " + setting
                    + ") is not writable: " + e + ". Without durable checkpoints every restart would read the files"
                    + " again; fix its permissions or point the setting elsewhere.", e);
        }
    }
}
