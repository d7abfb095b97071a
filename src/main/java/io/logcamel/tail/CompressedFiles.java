package io.logcamel.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Locale;
import java.util.Set;

/**
 * Tells compressed rotations ({@code app.log.2.gz}) from text, by name and by magic bytes, so that
 * they are never read as lines: logrotate's {@code compress} turns a rotated file into a new file
 * (a new inode) whose bytes are not the log's lines.
 */
final class CompressedFiles {

    private static final Set<String> SUFFIXES = Set.of(".gz", ".bz2", ".xz", ".zst", ".zstd", ".lz4", ".zip", ".z",
            ".7z", ".lzma", ".br", ".tgz", ".tbz2", ".txz");

    /** gzip, bzip2, xz, zstd, lz4 frame, zip, 7z: the first bytes each format starts with. */
    private static final byte[][] MAGIC = {
            {(byte) 0x1f, (byte) 0x8b},
            {'B', 'Z', 'h'},
            {(byte) 0xfd, '7', 'z', 'X', 'Z', 0},
            {(byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd},
            {(byte) 0x04, (byte) 0x22, (byte) 0x4d, (byte) 0x18},
            {'P', 'K', 3, 4},
            {'7', 'z', (byte) 0xbc, (byte) 0xaf, (byte) 0x27, (byte) 0x1c},
    };
    private static final int MAGIC_BYTES = 6;

    private CompressedFiles() {
    }

    static boolean hasCompressedName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        return dot >= 0 && SUFFIXES.contains(lower.substring(dot));
    }

    /** True when the file starts like a compressed stream. An empty or short file is text. */
    static boolean hasCompressedContent(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(MAGIC_BYTES);
        while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
            // a pread loop: the file may be shorter than the magic
        }
        return startsWithMagic(head.array(), head.position());
    }

    static boolean startsWithMagic(byte[] bytes, int length) {
        for (byte[] magic : MAGIC) {
            if (length >= magic.length && regionEquals(bytes, magic)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionEquals(byte[] bytes, byte[] magic) {
        for (int i = 0; i < magic.length; i++) {
            if (bytes[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
