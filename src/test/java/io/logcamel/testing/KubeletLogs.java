package io.logcamel.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.zip.GZIPOutputStream;

/**
 * Writes container logs the way a node does: the runtime's framing (CRI as containerd and CRI-O
 * write it, or Docker's json-file), lines longer than 16 KiB in partial lines, the kubelet's
 * directories ({@code pods/<namespace>_<pod>_<uid>/<container>/<restart>.log}) and links
 * ({@code containers/<pod>_<namespace>_<container>-<id>.log}), its rotation (rename to
 * {@code <restart>.log.<timestamp>}, compress the rotated file before) and container restarts.
 */
public final class KubeletLogs {

    /** Where the runtime cuts a long line (containerd's and Docker's default). */
    public static final int RUNTIME_LINE_LIMIT = 16 * 1024;

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter ROTATED = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    public enum Format { CRI, DOCKER }

    private KubeletLogs() {
    }

    /** One runtime line: {@code partial} means more of the same line follows. */
    public static String frame(Format format, Instant time, String stream, boolean partial, String content) {
        if (format == Format.CRI) {
            return time + " " + stream + " " + (partial ? "P" : "F") + " " + content + "\n";
        }
        StringWriter text = new StringWriter(content.length() + 80);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("log", partial ? content : content + "\n");
            json.writeStringField("stream", stream);
            json.writeStringField("time", time.toString());
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text + "\n";
    }

    /** One container of one pod on a node: its current log file, its rotations and restarts. */
    public static final class Container implements AutoCloseable {
        public final String namespace;
        public final String pod;
        public final String uid;
        public final String name;
        private final Path podsRoot;
        private final Path linksRoot;
        private final Format format;
        private int restart;
        private String containerId;
        private FileChannel channel;
        private Path previousRotated;
        private long bytesInFile;
        private long rotatedAt = Instant.parse("2026-12-02T00:00:00Z").getEpochSecond();
        private int rotations;

        public Container(Path podsRoot, Path linksRoot, Format format, String namespace, String pod, String uid,
                         String name, String containerId) throws IOException {
            this.podsRoot = podsRoot;
            this.linksRoot = linksRoot;
            this.format = format;
            this.namespace = namespace;
            this.pod = pod;
            this.uid = uid;
            this.name = name;
            start(0, containerId);
        }

        public Path directory() {
            return podsRoot.resolve(namespace + "_" + pod + "_" + uid).resolve(name);
        }

        public Path liveLog() {
            return directory().resolve(restart + ".log");
        }

        public int restartCount() {
            return restart;
        }

        public String containerId() {
            return containerId;
        }

        public int rotations() {
            return rotations;
        }

        public long bytesInFile() {
            return bytesInFile;
        }

        /** Writes one line as the runtime does: in partial lines of at most 16 KiB. */
        public void writeLine(Instant time, String stream, String content) throws IOException {
            int at = 0;
            while (content.length() - at > RUNTIME_LINE_LIMIT) {
                writePart(time, stream, true, content.substring(at, at + RUNTIME_LINE_LIMIT));
                at += RUNTIME_LINE_LIMIT;
            }
            writePart(time, stream, false, content.substring(at));
        }

        public void writePart(Instant time, String stream, boolean partial, String content) throws IOException {
            writeRaw(frame(format, time, stream, partial, content));
        }

        /** Bytes as they are: a line a broken runtime or another writer put there. */
        public void writeRaw(String text) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            bytesInFile += bytes.remaining();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }

        /**
         * The kubelet's rotation: the live file is renamed to {@code <restart>.log.<timestamp>} and a
         * new one created; the file rotated the time before is compressed (gzip, then removed).
         */
        public void rotate() throws IOException {
            channel.close();
            rotatedAt++;
            Path rotated = directory().resolve(restart + ".log." + ROTATED.format(Instant.ofEpochSecond(rotatedAt)));
            Files.move(liveLog(), rotated);
            open();
            if (previousRotated != null) {
                compress(previousRotated);
            }
            previousRotated = rotated;
            rotations++;
        }

        /** The container restarted: a new container id, a new {@code <restart+1>.log} and its link. */
        public void restart(String newContainerId) throws IOException {
            channel.close();
            start(restart + 1, newContainerId);
        }

        private void start(int restartCount, String id) throws IOException {
            restart = restartCount;
            containerId = id;
            Files.createDirectories(directory());
            open();
            Files.createDirectories(linksRoot);
            Path link = linksRoot.resolve(pod + "_" + namespace + "_" + name + "-" + id + ".log");
            Files.createSymbolicLink(link, liveLog().toAbsolutePath());
        }

        private void open() throws IOException {
            channel = FileChannel.open(liveLog(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            bytesInFile = 0;
        }

        private static void compress(Path file) throws IOException {
            Path gz = file.resolveSibling(file.getFileName() + ".gz");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
                Files.copy(file, out);
            }
            Files.delete(file);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
