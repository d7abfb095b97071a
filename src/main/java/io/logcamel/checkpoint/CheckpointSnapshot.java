package io.logcamel.checkpoint;

import java.util.List;

/**
 * One durable state of a config's checkpoints.
 *
 * @param configName  the collection config the entries belong to
 * @param sequence    grows by one per write; on load the highest valid sequence wins
 * @param savedAt     epoch millis of the write
 * @param rereadToken the {@code rereadFromStart} token these entries were made under (empty if none)
 * @param entries     one per file
 */
public record CheckpointSnapshot(String configName, long sequence, long savedAt, String rereadToken,
                                 List<FileCheckpoint> entries) {
}
