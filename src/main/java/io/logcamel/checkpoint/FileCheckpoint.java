package io.logcamel.checkpoint;

/**
 * How far one file has been delivered, for one collection config.
 *
 * <p>A file is known by device + inode, confirmed by a hash of its first {@code headSize} bytes:
 * the path alone changes on rotation, and the inode alone is reused once a file is deleted.
 *
 * @param path       the path the file was last seen at (informational; identity is dev + inode + head)
 * @param device     {@code unix:dev}
 * @param inode      {@code unix:ino}
 * @param headHash   hash of the first {@code headSize} bytes
 * @param headSize   how many leading bytes the hash covers (up to 1024)
 * @param offset     the byte offset up to which data was delivered
 * @param updatedAt  epoch millis of the last advance
 * @param seenAt     epoch millis the file was last seen on disk; entries unseen for long are dropped
 */
public record FileCheckpoint(String path, long device, long inode, long headHash, int headSize, long offset,
                             long updatedAt, long seenAt) {

    /** The store's key: unique among files that exist at the same time. */
    public String key() {
        return key(device, inode);
    }

    public static String key(long device, long inode) {
        return device + ":" + inode;
    }

    public FileCheckpoint seen(long now, String currentPath) {
        return new FileCheckpoint(currentPath, device, inode, headHash, headSize, offset, updatedAt, now);
    }
}
