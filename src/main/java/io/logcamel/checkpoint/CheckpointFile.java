package io.logcamel.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one config's checkpoints: two slot files, {@code <config>.a.json} and
 * {@code <config>.b.json}, written alternately.
 *
 * <p>Each write goes to a temporary file which is fsynced and atomically renamed over the older
 * slot, then the directory is fsynced. Each slot ends with a CRC32C line over its JSON, so a torn
 * or corrupted slot is recognised and the other one, the previous good state, is used instead.
 * Falling back one write costs duplicates, never loss.
 */
public final class CheckpointFile {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointFile.class);
    private static final String FORMAT = "logcamel-checkpoints";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final String configName;
    private final Path slotA;
    private final Path slotB;
    private final Path temp;
    private Path lastWritten;

    public CheckpointFile(Path directory, String configName) {
        this.directory = directory;
        this.configName = configName;
        String base = safeFileName(configName);
        this.slotA = directory.resolve(base + ".a.json");
        this.slotB = directory.resolve(base + ".b.json");
        this.temp = directory.resolve(base + ".json.tmp");
    }

    public Path slotA() {
        return slotA;
    }

    public Path slotB() {
        return slotB;
    }

    /** True when either slot exists: the config has run before. */
    public boolean exists() {
        return Files.exists(slotA) || Files.exists(slotB);
    }

    /** The newest slot that passes its checksum, or empty when there is none. */
    public synchronized Optional<CheckpointSnapshot> load() {
        Optional<CheckpointSnapshot> a = readSlot(slotA);
        Optional<CheckpointSnapshot> b = readSlot(slotB);
        boolean useA = a.isPresent() && (b.isEmpty() || a.get().sequence() >= b.get().sequence());
        Optional<CheckpointSnapshot> winner = useA ? a : b;
        lastWritten = winner.isPresent() ? (useA ? slotA : slotB) : null;
        return winner;
    }

    /** Writes durably over the older slot, so the other one keeps the last good state. */
    public synchronized void write(CheckpointSnapshot snapshot) throws IOException {
        Files.createDirectories(directory);
        DurableFiles.writeAndSync(temp, render(snapshot));
        // never over the slot holding the newest good state: a torn write then costs one step back
        Path target = slotA.equals(lastWritten) ? slotB : slotA;
        DurableFiles.replace(temp, target);
        lastWritten = target;
    }

    /** The slot holding the newest state written or loaded, or null. */
    public synchronized Path newestSlot() {
        return lastWritten;
    }

    private byte[] render(CheckpointSnapshot snapshot) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("config", snapshot.configName());
        root.put("sequence", snapshot.sequence());
        root.put("savedAt", snapshot.savedAt());
        root.put("rereadToken", snapshot.rereadToken());
        ArrayNode entries = root.putArray("entries");
        for (FileCheckpoint entry : snapshot.entries()) {
            ObjectNode node = entries.addObject();
            node.put("path", entry.path());
            node.put("dev", entry.device());
            node.put("inode", entry.inode());
            node.put("headHash", Long.toHexString(entry.headHash()));
            node.put("headSize", entry.headSize());
            node.put("offset", entry.offset());
            node.put("updatedAt", entry.updatedAt());
            node.put("seenAt", entry.seenAt());
        }
        byte[] json = JSON.writeValueAsBytes(root);
        String trailer = "\ncrc32c:" + Long.toHexString(crc(json, json.length)) + "\n";
        byte[] trailerBytes = trailer.getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[json.length + trailerBytes.length];
        System.arraycopy(json, 0, body, 0, json.length);
        System.arraycopy(trailerBytes, 0, body, json.length, trailerBytes.length);
        return body;
    }

    private Optional<CheckpointSnapshot> readSlot(Path slot) {
        byte[] body;
        try {
            body = Files.readAllBytes(slot);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("Checkpoint slot {} unreadable, ignoring it: {}", slot, e.toString());
            return Optional.empty();
        }
        try {
            return Optional.of(parse(body));
        } catch (RuntimeException | IOException e) {
            LOG.warn("Checkpoint slot {} is torn or corrupt, using the other slot: {}", slot, e.getMessage());
            return Optional.empty();
        }
    }

    private CheckpointSnapshot parse(byte[] body) throws IOException {
        int jsonEnd = lastIndexOf(body, (byte) '\n', body.length - 2);
        if (jsonEnd <= 0) {
            throw new IOException("no checksum line");
        }
        String trailer = new String(body, jsonEnd + 1, body.length - jsonEnd - 1, StandardCharsets.US_ASCII).trim();
        if (!trailer.startsWith("crc32c:")) {
            throw new IOException("no checksum line");
        }
        long expected = Long.parseLong(trailer.substring(7), 16);
        if (crc(body, jsonEnd) != expected) {
            throw new IOException("checksum mismatch");
        }
        JsonNode root = JSON.readTree(new String(body, 0, jsonEnd, StandardCharsets.UTF_8));
        if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
            throw new IOException("unknown format " + root.path("format").asText() + " v" + root.path("version").asInt());
        }
        List<FileCheckpoint> entries = new ArrayList<>();
        for (JsonNode node : root.path("entries")) {
            entries.add(new FileCheckpoint(node.path("path").asText(), node.path("dev").asLong(),
                    node.path("inode").asLong(), Long.parseUnsignedLong(node.path("headHash").asText(), 16),
                    node.path("headSize").asInt(), node.path("offset").asLong(), node.path("updatedAt").asLong(),
                    node.path("seenAt").asLong()));
        }
        return new CheckpointSnapshot(root.path("config").asText(configName), root.path("sequence").asLong(),
                root.path("savedAt").asLong(), root.path("rereadToken").asText(""), entries);
    }

    private static int lastIndexOf(byte[] bytes, byte value, int from) {
        for (int i = Math.min(from, bytes.length - 1); i >= 0; i--) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static long crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    /** Config names become file names: anything outside a safe set is hex-escaped. */
    static String safeFileName(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%04x", (int) c));
            }
        }
        return out.length() == 0 ? "%empty" : out.toString();
    }
}
