package io.logcamel.fileimport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names a file by its content, not its path: SHA-256 of its first 64 KiB plus its size. A
 * rotated archive renamed by the next rotation ({@code app.log.1} to {@code app.log.2}) keeps its
 * name here, so it is not imported twice; a copy of an imported file is recognised too. Files
 * whose first 64 KiB and size agree are taken to be the same file.
 *
 * <p>Camel's file consumer asks for every candidate on every poll, so keys are cached per path
 * as long as size and modification time stay the same.
 */
final class FileFingerprint {

    static final int HEAD_BYTES = 64 * 1024;

    private record Cached(long size, long modified, String key) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    String keyOf(Path path) throws IOException {
        String name = path.toString();
        Cached cached = cache.get(name);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
            if (cached != null) {
                return cached.key(); // moved or deleted after it was read: it is still the same content
            }
            throw gone;
        }
        long modified = attributes.lastModifiedTime().toMillis();
        if (cached != null && cached.size() == attributes.size() && cached.modified() == modified) {
            return cached.key();
        }
        String key = compute(path, attributes.size());
        cache.put(name, new Cached(attributes.size(), modified, key));
        return key;
    }

    private static String compute(Path path, long size) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(HEAD_BYTES);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(head);
            return HexFormat.of().formatHex(digest, 0, 16) + "-" + size;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }
}
