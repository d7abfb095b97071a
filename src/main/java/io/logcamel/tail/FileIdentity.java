package io.logcamel.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who a file is, independent of its name: device + inode, confirmed by a hash of its first bytes.
 * The head hash is what tells a reused inode (new content) or a truncated and rewritten file from
 * the file we read before.
 *
 * @param device   {@code unix:dev}
 * @param inode    {@code unix:ino}
 * @param headHash FNV-1a 64 of the first {@code headSize} bytes
 * @param headSize how many bytes the hash covers: the file's size when first seen, up to {@link #HEAD_BYTES}
 */
public record FileIdentity(long device, long inode, long headHash, int headSize) {

    public static final int HEAD_BYTES = 1024;

    /** Device and inode of a path, following links. */
    public static long[] deviceAndInode(Path path) throws IOException {
        // one stat for both (two getAttribute calls would stat twice, and could see two different files)
        java.util.Map<String, Object> attributes = Files.readAttributes(path, "unix:dev,ino");
        return new long[]{((Number) attributes.get("dev")).longValue(), ((Number) attributes.get("ino")).longValue()};
    }

    /** Reads the head of an open file: up to {@link #HEAD_BYTES}, or exactly {@code length} if given. */
    public static long hashHead(FileChannel channel, int length) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(length);
        long position = 0;
        while (head.hasRemaining()) {
            int read = channel.read(head, position);
            if (read < 0) {
                break;
            }
            position += read;
        }
        if (head.position() < length) {
            return ~0L; // the file is shorter than the head we remember: it cannot be the same content
        }
        return fnv1a(head.array(), 0, length);
    }

    /** True when the file ({@code size} bytes) starts with the {@code headSize} bytes hashing to {@code headHash}. */
    public static boolean startsWith(FileChannel channel, long size, long headHash, int headSize) throws IOException {
        return headSize <= size && hashHead(channel, headSize) == headHash;
    }

    public static int headLength(long fileSize) {
        return (int) Math.min(fileSize, HEAD_BYTES);
    }

    static long fnv1a(byte[] bytes, int from, int to) {
        long hash = 0xcbf29ce484222325L;
        for (int i = from; i < to; i++) {
            hash ^= bytes[i] & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    public boolean sameInode(long otherDevice, long otherInode) {
        return device == otherDevice && inode == otherInode;
    }

    public FileIdentity withHead(long hash, int size) {
        return new FileIdentity(device, inode, hash, size);
    }
}
