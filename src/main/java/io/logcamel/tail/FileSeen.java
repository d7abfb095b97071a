package io.logcamel.tail;

import io.logcamel.checkpoint.FileCheckpoint;

import java.nio.channels.FileChannel;

/**
 * One file found by a sweep: where it is, who it is (device + inode) and, when discovery saw this
 * inode for the first time, the descriptor it opened at once, so that a file renamed away a moment
 * later is still held.
 *
 * @param opened an open descriptor handed over to the reader, or null when the inode was already held
 */
record FileSeen(String path, long device, long inode, FileChannel opened) {

    String key() {
        return FileCheckpoint.key(device, inode);
    }
}
