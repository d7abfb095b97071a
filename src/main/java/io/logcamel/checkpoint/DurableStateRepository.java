package io.logcamel.checkpoint;

import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Camel's {@link StateRepository} kept durably: one file per repository,
 * {@code <directory>/<name>.checkpoint}, rewritten whole on every change as temp file + fsync +
 * atomic rename + directory fsync, so a crash leaves either the old or the new state, never a
 * torn one. (Camel's own {@code FileStateRepository} neither fsyncs nor renames atomically.)
 *
 * <p>The file carries a CRC32 of its content. Before each replacement the current file is kept as
 * {@code <name>.checkpoint.bak}. A file that fails its check on start is reported at ERROR,
 * moved aside as {@code .corrupt-<millis>}, and the last good state (the {@code .bak}) is used;
 * when neither is readable the repository refuses to start rather than silently starting over.
 */
public class DurableStateRepository extends ServiceSupport implements StateRepository<String, String> {

    public static final String DEFAULT_DIRECTORY = "data/checkpoints";
    private static final Logger LOG = LoggerFactory.getLogger(DurableStateRepository.class);
    private static final String HEADER = "# logcamel checkpoint v1 crc32=";

    private final Map<String, String> state = new LinkedHashMap<>();
    private String directory = DEFAULT_DIRECTORY;
    private String name;

    public DurableStateRepository() {
    }

    public DurableStateRepository(Path directory, String name) {
        setDirectory(directory.toString());
        setName(name);
    }

    @Override
    protected void doStart() throws Exception {
        if (name == null) {
            throw new IllegalArgumentException("DurableStateRepository needs a name (its file in logcamel.checkpoint.dir)");
        }
        Files.createDirectories(Path.of(directory));
        synchronized (state) {
            state.clear();
            state.putAll(load());
        }
    }

    @Override
    public String getState(String key) {
        synchronized (state) {
            return state.get(key);
        }
    }

    @Override
    public void setState(String key, String value) {
        synchronized (state) {
            String previous = value == null ? state.remove(key) : state.put(key, value);
            try {
                write();
            } catch (IOException e) {
                // Keep memory and disk in step: the caller must not believe a state that is not durable.
                if (previous == null) {
                    state.remove(key);
                } else {
                    state.put(key, previous);
                }
                throw new IllegalStateException("cannot write checkpoint " + file() + ": " + e.getMessage(), e);
            }
        }
    }

    /** A snapshot of every key. */
    public Map<String, String> snapshot() {
        synchronized (state) {
            return Map.copyOf(state);
        }
    }

    Path file() {
        return Path.of(directory, name + ".checkpoint");
    }

    private Path backup() {
        return Path.of(directory, name + ".checkpoint.bak");
    }

    private Map<String, String> load() throws IOException {
        Path file = file();
        try {
            return decode(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException missing) {
            if (!Files.exists(backup())) {
                return new LinkedHashMap<>();
            }
            LOG.warn("Checkpoint {} is missing but its backup exists: using the backup", file);
        } catch (IOException | IllegalArgumentException corrupt) {
            Path aside = Path.of(directory, name + ".checkpoint.corrupt-" + System.currentTimeMillis());
            LOG.error("Checkpoint {} is corrupt ({}); moved to {}; using the last good state {}", file,
                    corrupt.getMessage(), aside.getFileName(), backup().getFileName());
            Files.move(file, aside);
        }
        try {
            Map<String, String> good = decode(Files.readString(backup(), StandardCharsets.UTF_8));
            write(good, file);
            return good;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Checkpoint " + file + " and its backup are unreadable (" + e.getMessage()
                    + "); delete them to start this input over from its initial position", e);
        }
    }

    private void write() throws IOException {
        write(state, file());
    }

    private void write(Map<String, String> content, Path target) throws IOException {
        Path temp = Path.of(directory, name + ".checkpoint.tmp");
        DurableFiles.writeAndSync(temp, encode(content).getBytes(StandardCharsets.UTF_8));
        if (Files.exists(target)) {
            keepAsBackup(target);
        }
        DurableFiles.replace(temp, target);
    }

    /** The current file stays in place (a hard link, not a move) so that a crash never leaves none. */
    private void keepAsBackup(Path current) throws IOException {
        Path link = Path.of(directory, name + ".checkpoint.bak.tmp");
        Files.deleteIfExists(link);
        try {
            Files.createLink(link, current);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(current, link, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(link, backup(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static String encode(Map<String, String> content) {
        StringBuilder body = new StringBuilder();
        content.forEach((key, value) -> body.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('\n'));
        return HEADER + crc(body.toString()) + "\n" + body;
    }

    static Map<String, String> decode(String text) {
        int newline = text.indexOf('\n');
        if (!text.startsWith(HEADER) || newline < 0) {
            throw new IllegalArgumentException("no checkpoint header");
        }
        String body = text.substring(newline + 1);
        String expected = text.substring(HEADER.length(), newline);
        if (!expected.equals(crc(body))) {
            throw new IllegalArgumentException("checksum mismatch");
        }
        Map<String, String> content = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("line without '='");
            }
            content.put(URLDecoder.decode(line.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(line.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return content;
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    public String getDirectory() {
        return directory;
    }

    /** The checkpoint directory: {@code logcamel.checkpoint.dir} (env {@code LOGCAMEL_CHECKPOINT_DIR}), default {@code data/checkpoints}. */
    public void setDirectory(String directory) {
        if (directory == null || directory.isBlank()) {
            throw new IllegalArgumentException("logcamel.checkpoint.dir must not be empty");
        }
        this.directory = directory;
    }

    public String getName() {
        return name;
    }

    /** The repository's file name (without extension): one per input. */
    public void setName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("checkpoint name must be letters, digits, '.', '_' or '-': " + name);
        }
        this.name = name;
    }
}
