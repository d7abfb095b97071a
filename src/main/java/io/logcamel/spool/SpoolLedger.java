package io.logcamel.spool;

import io.logcamel.checkpoint.DurableFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The acknowledged position: the spool offset before which every record has been delivered,
 * expired or dropped. Written with the checkpoint files' discipline (temporary file, fsync,
 * atomic rename) so a crash leaves the old position or the new one; it is always written before
 * the segments it covers are deleted, so it never points into a deleted file's future.
 */
final class SpoolLedger {

    static final String FILE = "acknowledged.position";

    private final Path file;
    private final Path temporary;

    SpoolLedger(Path dir) {
        this.file = dir.resolve(FILE);
        this.temporary = dir.resolve(FILE + ".tmp");
    }

    /** The stored position, or {@code -1} when none was ever stored. */
    long load() throws IOException {
        if (!Files.exists(file)) {
            return -1;
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            // Cannot happen with atomic replace; if it does, replaying from the oldest segment
            // duplicates instead of losing.
            return -1;
        }
    }

    void store(long position) throws IOException {
        DurableFiles.writeAndSync(temporary, (position + "\n").getBytes(StandardCharsets.US_ASCII));
        DurableFiles.replace(temporary, file);
    }
}
