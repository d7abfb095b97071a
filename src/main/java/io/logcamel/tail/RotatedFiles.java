package io.logcamel.tail;

import io.logcamel.checkpoint.FileCheckpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds files of a directory by what they hold rather than by name: logrotate's copy of a file it
 * truncated (same head), and files rotated while the agent was stopped (same device + inode + head,
 * or a rotated name modified since the last checkpoint write). Compressed files are never returned.
 */
final class RotatedFiles {

    /** A regular file of a directory, as listed. */
    record Candidate(Path path, long device, long inode, long size, long modifiedMillis) {
        String key() {
            return FileCheckpoint.key(device, inode);
        }
    }

    /** A candidate opened for reading. */
    record Opened(Candidate file, FileChannel channel) {
    }

    private RotatedFiles() {
    }

    /** The regular files of {@code directory} without a compressed name; empty when it cannot be listed. */
    static List<Candidate> list(Path directory) {
        List<Candidate> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.forEach(path -> {
                if (CompressedFiles.hasCompressedName(path.getFileName().toString())) {
                    return;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    if (!attributes.isRegularFile()) {
                        return;
                    }
                    long[] devIno = FileIdentity.deviceAndInode(path);
                    found.add(new Candidate(path, devIno[0], devIno[1], attributes.size(),
                            attributes.lastModifiedTime().toMillis()));
                } catch (IOException | RuntimeException e) {
                    // vanished while listing
                }
            });
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return found;
    }

    /**
     * Opens {@code candidate} if it still is that inode, is not compressed, and starts with the
     * {@code headSize} bytes hashing to {@code headHash}; else empty.
     */
    static Optional<Opened> openIfHead(Candidate candidate, long headHash, int headSize) {
        if (candidate.size() < headSize) {
            return Optional.empty();
        }
        FileChannel channel = Discovery.open(candidate.path(), new long[]{candidate.device(), candidate.inode()});
        if (channel == null) {
            return Optional.empty();
        }
        try {
            if (!CompressedFiles.hasCompressedContent(channel) && FileIdentity.hashHead(channel, headSize) == headHash) {
                return Optional.of(new Opened(candidate, channel));
            }
        } catch (IOException e) {
            // unreadable: not the file we look for
        }
        Discovery.close(channel);
        return Optional.empty();
    }

    /** Opens {@code candidate} if it still is that inode and is not compressed. */
    static Optional<Opened> openText(Candidate candidate) {
        FileChannel channel = Discovery.open(candidate.path(), new long[]{candidate.device(), candidate.inode()});
        if (channel == null) {
            return Optional.empty();
        }
        try {
            if (!CompressedFiles.hasCompressedContent(channel)) {
                return Optional.of(new Opened(candidate, channel));
            }
        } catch (IOException e) {
            // unreadable
        }
        Discovery.close(channel);
        return Optional.empty();
    }

    /**
     * The copy logrotate's {@code copytruncate} made of a file before truncating it: another file of
     * the same directory that starts with the head the file had. Of several, the newest.
     */
    static Optional<Opened> findCopy(Path directory, FileIdentity truncated) {
        if (truncated.headSize() == 0) {
            return Optional.empty(); // an empty head tells nothing apart
        }
        Opened best = null;
        for (Candidate candidate : list(directory)) {
            if (truncated.sameInode(candidate.device(), candidate.inode())) {
                continue;
            }
            Optional<Opened> match = openIfHead(candidate, truncated.headHash(), truncated.headSize());
            if (match.isEmpty()) {
                continue;
            }
            if (best == null || match.get().file().modifiedMillis() > best.file().modifiedMillis()) {
                if (best != null) {
                    Discovery.close(best.channel());
                }
                best = match.get();
            } else {
                Discovery.close(match.get().channel());
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * True when {@code name} is a rotation of one of {@code liveNames}: the live name followed by a
     * separator and more ({@code app.log.1}, {@code app.log-20261124}, {@code app.log_old}).
     */
    static boolean isRotationOf(String name, Iterable<String> liveNames) {
        for (String live : liveNames) {
            if (name.length() > live.length() + 1 && name.startsWith(live)) {
                char separator = name.charAt(live.length());
                if (separator == '.' || separator == '-' || separator == '_') {
                    return true;
                }
            }
        }
        return false;
    }
}
