package io.logcamel.fileimport;

import io.logcamel.event.LogBatch;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The source of a {@code split} over a file that Camel's {@code file:} consumer picked up: the
 * file as {@link LogBatch}es of at most {@code maxBatchLines} lines / {@code maxBatchBytes} bytes,
 * read as the split asks for them, from where the last import of the same file stopped (see
 * {@link ImportLedger}). Used from YAML as
 * {@code split: {method: {ref: importChunks}, streaming: true, aggregationStrategy: importCommit}}.
 */
public class FileChunks {

    private static final Logger LOG = LoggerFactory.getLogger(FileChunks.class);

    private final AtomicLong invalidEncodingReplacements = new AtomicLong();
    private ImportLedger ledger;
    private int maxBatchLines = 4096;
    private int maxBatchBytes = 2 * 1024 * 1024;
    private int maxLineSize = 512 * 1024;
    private Charset charset = StandardCharsets.UTF_8;

    /** The chunks of the exchange's file; an empty sequence when its content was imported already. */
    public Iterator<LogBatch> read(Exchange exchange) throws IOException {
        if (ledger == null) {
            throw new IllegalStateException("importChunks needs its ledger (property ledger: \"#bean:importLedger\")");
        }
        GenericFile<?> file = exchange.getMessage().getBody(GenericFile.class);
        if (file == null) {
            throw new IllegalArgumentException("importChunks reads the file of a file: consumer; the body is "
                    + exchange.getMessage().getBody());
        }
        String path = Path.of(file.getAbsoluteFilePath()).toString();
        FileProgress progress = ledger.open(path);
        if (progress == null) {
            LOG.info("Import {}: {} has the content of a file imported before; skipped", ledger.getName(), path);
            return Collections.emptyIterator();
        }
        if (progress.deliveredOffset() > 0) {
            LOG.info("Import {}: resuming {} after line {}", ledger.getName(), path, progress.deliveredLines());
        }
        ChunkReader reader = ChunkReader.open(Path.of(path), progress,
                new ChunkOptions(maxBatchLines, maxBatchBytes, maxLineSize, charset, invalidEncodingReplacements));
        exchange.setProperty(ImportCommit.READER_PROPERTY, reader);
        return reader;
    }

    /** Characters that could not be decoded and became U+FFFD. */
    public long getInvalidEncodingReplacements() {
        return invalidEncodingReplacements.get();
    }

    public ImportLedger getLedger() {
        return ledger;
    }

    /** The ledger of the route's {@code file:} consumer (its {@code idempotentRepository}). */
    public void setLedger(ImportLedger ledger) {
        this.ledger = ledger;
    }

    public int getMaxBatchLines() {
        return maxBatchLines;
    }

    /** Events per batch (exchange), 1 .. 100000; default 4096. */
    public void setMaxBatchLines(int maxBatchLines) {
        if (maxBatchLines < 1 || maxBatchLines > 100_000) {
            throw new IllegalArgumentException("importChunks maxBatchLines must be 1 .. 100000, got " + maxBatchLines);
        }
        this.maxBatchLines = maxBatchLines;
    }

    public int getMaxBatchBytes() {
        return maxBatchBytes;
    }

    /** About this many characters of lines per batch, 1 KiB .. 64 MiB; default 2 MiB. */
    public void setMaxBatchBytes(int maxBatchBytes) {
        if (maxBatchBytes < 1024 || maxBatchBytes > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("importChunks maxBatchBytes must be 1024 .. 67108864, got " + maxBatchBytes);
        }
        this.maxBatchBytes = maxBatchBytes;
    }

    public int getMaxLineSize() {
        return maxLineSize;
    }

    /** Longest line passed on whole, bytes, 1 KiB .. 8 MiB; longer lines go on in parts ({@code __split__}). */
    public void setMaxLineSize(int maxLineSize) {
        if (maxLineSize < 1024 || maxLineSize > 8 * 1024 * 1024) {
            throw new IllegalArgumentException("importChunks maxLineSize must be 1024 .. 8388608, got " + maxLineSize);
        }
        this.maxLineSize = maxLineSize;
    }

    public String getEncoding() {
        return charset.name().toLowerCase(Locale.ROOT);
    }

    /** {@code utf-8} (default) or {@code gbk} ({@code gb18030} also accepted). */
    public void setEncoding(String encoding) {
        String name = encoding == null ? "" : encoding.trim().toLowerCase(Locale.ROOT);
        charset = switch (name) {
            case "utf-8", "utf8" -> StandardCharsets.UTF_8;
            case "gbk", "gb18030" -> Charset.forName("GB18030");
            default -> throw new IllegalArgumentException("importChunks encoding must be utf-8 or gbk, got " + encoding);
        };
    }
}
