package io.logcamel.fileimport;

import io.logcamel.event.SourcePosition;

/**
 * Where a chunk of an imported file ends: the byte offset in the file's (decompressed) content
 * just after the chunk's last line, and the number of lines read up to there.
 */
public record ImportPosition(String path, long offset, long lines) implements SourcePosition {

    @Override
    public String describe() {
        return path + "@" + offset + " (line " + lines + ")";
    }
}
