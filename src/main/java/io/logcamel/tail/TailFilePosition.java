package io.logcamel.tail;

import io.logcamel.event.SourcePosition;

/**
 * The end of a tail batch: which file (by path and identity) and the offset after its last line.
 */
public record TailFilePosition(String path, long device, long inode, long headHash, int headSize, long endOffset)
        implements SourcePosition {

    @Override
    public String describe() {
        return path + "@" + endOffset;
    }
}
