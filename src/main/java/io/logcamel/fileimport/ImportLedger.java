package io.logcamel.fileimport;

import io.logcamel.checkpoint.DurableStateRepository;
import io.logcamel.input.InputMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable record of a one-shot import: which files are imported (by content, see
 * {@link FileFingerprint}) and, for a file being imported, how far its delivered chunks reach.
 * It is the {@code idempotentRepository} of the route's {@code file:} consumer, whose keys are
 * the files' absolute paths (leave {@code idempotentKey} unset).
 *
 * <p>A file is recorded as imported only when {@link FileChunks} read it to its end and every
 * chunk was delivered ({@link ImportCommit}); Camel's calls ({@code add} while it scans in eager
 * mode, {@code confirm} or {@code add} when the exchange completed, {@code remove} when it failed)
 * never record a file by themselves. So a crash, a failed delivery or a file that cannot be read
 * to its end leaves the file unrecorded, and the next import resumes it after its last delivered
 * chunk: lines repeat at most for the chunks in flight, none is skipped.
 *
 * <p>Both records are {@link DurableStateRepository} files (temp file, fsync, atomic rename) in
 * {@code directory}: {@code import-<name>.checkpoint} (done) and
 * {@code import-<name>.progress.checkpoint} (offsets of files in progress). A file that cannot be
 * read past some point (a truncated gzip) is logged once and not tried again until it changes or
 * the agent restarts.
 */
public class ImportLedger extends ServiceSupport implements IdempotentRepository, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(ImportLedger.class);

    private final FileFingerprint fingerprints = new FileFingerprint();
    private final Map<String, FileProgress> open = new ConcurrentHashMap<>();   // by path
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();       // keys
    private final Set<String> unreadablePaths = ConcurrentHashMap.newKeySet();  // cannot even be opened
    private final AtomicLong filesImported = new AtomicLong();
    private final AtomicLong linesImported = new AtomicLong();
    private final AtomicLong filesUnreadable = new AtomicLong();
    private final AtomicLong filesStoppedBeforeEnd = new AtomicLong();
    private final AtomicLong filesFailed = new AtomicLong();
    private String directory = DurableStateRepository.DEFAULT_DIRECTORY;
    private String name;
    private DurableStateRepository done;
    private DurableStateRepository progress;
    private CamelContext camelContext;

    @Override
    protected void doStart() throws Exception {
        if (name == null) {
            throw new IllegalArgumentException("importLedger needs a name (its files in logcamel.checkpoint.dir)");
        }
        done = new DurableStateRepository(Path.of(directory), "import-" + name);
        progress = new DurableStateRepository(Path.of(directory), "import-" + name + ".progress");
        done.start();
        progress.start();
        // a crash between recording a file and dropping its progress leaves both: done wins
        for (String key : progress.snapshot().keySet()) {
            if (done.getState(key) != null) {
                progress.setState(key, null);
            }
        }
        if (camelContext != null) {
            String input = "import-" + name;
            InputMetrics.counter(camelContext, "logcamel.import.files", "files imported to their end", input, filesImported);
            InputMetrics.counter(camelContext, "logcamel.import.lines", "lines of imported files delivered", input, linesImported);
            InputMetrics.counter(camelContext, "logcamel.import.unreadable", "files that could not be read to their end",
                    input, filesUnreadable);
        }
    }

    @Override
    protected void doStop() {
        if (progress != null) {
            progress.stop();
        }
        if (done != null) {
            done.stop();
        }
    }

    // ---- Camel's IdempotentRepository: keys are absolute paths ----------------------------------

    /** Not imported yet (and readable): go ahead. Records the file only if its import is complete. */
    @Override
    public boolean add(String path) {
        if (skip(path)) {
            return false;
        }
        finish(path);
        return true;
    }

    @Override
    public boolean contains(String path) {
        return skip(path);
    }

    /** Imported already, or not readable: a file Camel's scan should pass over. */
    private boolean skip(String path) {
        String key;
        try {
            key = keyOf(path);
        } catch (UncheckedIOException e) {
            // one file we may not read must not stop the scan of the others
            if (unreadablePaths.add(path)) {
                filesUnreadable.incrementAndGet();
                LOG.error("Import {}: {}; skipped until the agent restarts", name, e.getMessage());
            }
            return true;
        }
        return isDone(key) || unreadable.contains(key);
    }

    /** The exchange failed: the file stays unrecorded, its progress stays for the next attempt. */
    @Override
    public boolean remove(String path) {
        FileProgress file = open.remove(path);
        if (file != null) {
            filesFailed.incrementAndGet();
        }
        if (file != null && file.readFailure() != null && unreadable.add(file.key)) {
            filesUnreadable.incrementAndGet();
            LOG.error("Import {}: {}; the lines before were delivered; the file is not recorded as imported and not"
                    + " tried again until it changes or the agent restarts", name, file.readFailure());
        }
        return true;
    }

    /** The exchange completed: the file is recorded if its chunks were read to the end and delivered. */
    @Override
    public boolean confirm(String path) {
        finish(path);
        return true;
    }

    @Override
    public void clear() {
        for (String key : done.snapshot().keySet()) {
            done.setState(key, null);
        }
        for (String key : progress.snapshot().keySet()) {
            progress.setState(key, null);
        }
        unreadable.clear();
        unreadablePaths.clear();
    }

    // ---- used by FileChunks and ImportCommit ---------------------------------------------------

    /** The progress of {@code path}, resumed from the last delivered chunk; null when its content is imported. */
    FileProgress open(String path) {
        String key = keyOf(path);
        if (isDone(key)) {
            return null;
        }
        long offset = 0;
        long lines = 0;
        String stored = progress.getState(key);
        if (stored != null) {
            int comma = stored.indexOf(',');
            offset = Long.parseLong(stored.substring(0, comma));
            lines = Long.parseLong(stored.substring(comma + 1));
        }
        FileProgress file = new FileProgress(key, path, offset, lines);
        open.put(path, file);
        return file;
    }

    /** Chunks up to {@code position} are delivered: stored before the next chunk is sent. */
    void delivered(FileProgress file, ImportPosition position) {
        long before = file.deliveredLines();
        progress.setState(file.key, position.offset() + "," + position.lines());
        file.delivered(position);
        linesImported.addAndGet(position.lines() - before);
    }

    /** The file's content key: {@link FileFingerprint} of the path. */
    String keyOf(String path) {
        try {
            return fingerprints.keyOf(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("import " + name + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private boolean isDone(String key) {
        return done.getState(key) != null;
    }

    private void finish(String path) {
        FileProgress file = open.remove(path);
        if (file == null) {
            return;
        }
        if (!file.complete()) {
            filesStoppedBeforeEnd.incrementAndGet();
            LOG.warn("Import {}: {} stopped after line {} before its end; not recorded as imported, resumed at the next"
                    + " poll", name, path, file.deliveredLines());
            return;
        }
        done.setState(file.key, path);
        progress.setState(file.key, null);
        filesImported.incrementAndGet();
        LOG.info("Import {}: {} imported ({} lines)", name, path, file.deliveredLines());
    }

    // ---- statistics ------------------------------------------------------------------------------

    public long getFilesImported() {
        return filesImported.get();
    }

    public long getLinesImported() {
        return linesImported.get();
    }

    public long getFilesUnreadable() {
        return filesUnreadable.get();
    }

    /** Imports of a file that failed (a chunk not delivered, or not readable); they are resumed or given up. */
    public long getFilesFailed() {
        return filesFailed.get();
    }

    /** Exchanges that completed without the file read to its end (a chunk handled, not delivered, while stopping). */
    public long getFilesStoppedBeforeEnd() {
        return filesStoppedBeforeEnd.get();
    }

    // ---- settings ------------------------------------------------------------------------------

    public String getDirectory() {
        return directory;
    }

    /** Where the ledger's files live: {@code logcamel.checkpoint.dir} (env {@code LOGCAMEL_CHECKPOINT_DIR}). */
    public void setDirectory(String directory) {
        if (directory == null || directory.isBlank()) {
            throw new IllegalArgumentException("importLedger directory must not be empty");
        }
        this.directory = directory;
    }

    public String getName() {
        return name;
    }

    /** The import's name: letters, digits, '.', '_' or '-'; keep it stable, it keys the records. */
    public void setName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("importLedger name must be letters, digits, '.', '_' or '-': " + name);
        }
        this.name = name;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
