package io.logcamel.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Names segment files by the spool offset of their first byte ({@code 00000000000000001234.seg}),
 * so the directory listing alone orders the segments and maps any offset to its file: offsets run
 * on across segments and never restart, which keeps the acknowledged position one number.
 */
final class SegmentFiles {

    static final String SUFFIX = ".seg";

    private SegmentFiles() {
    }

    static Path path(Path dir, long baseOffset) {
        return dir.resolve(String.format("%020d%s", baseOffset, SUFFIX));
    }

    /** Base offsets of the segments in {@code dir}, ascending. Files not named like segments are ignored. */
    static List<Long> list(Path dir) throws IOException {
        List<Long> bases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(file -> {
                String name = file.getFileName().toString();
                if (name.length() == 20 + SUFFIX.length() && name.endsWith(SUFFIX)) {
                    try {
                        bases.add(Long.parseLong(name.substring(0, 20)));
                    } catch (NumberFormatException ignored) {
                        // not one of ours
                    }
                }
            });
        }
        bases.sort(null);
        return bases;
    }
}
