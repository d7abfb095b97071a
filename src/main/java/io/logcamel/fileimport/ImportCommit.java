package io.logcamel.fileimport;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/**
 * The aggregation strategy of the split over {@link FileChunks}: Camel calls it once per chunk,
 * after the chunk's steps completed, and it moves the file's progress in the {@link ImportLedger}
 * over the chunks delivered so far. A chunk that failed stops the progress where it is and fails
 * the file's exchange (as Camel's default strategy would), so the file consumer does not record
 * the file and the next poll resumes it. A chunk a dead-letter channel handled (spooled) counts
 * as delivered, as it does for every input.
 */
public class ImportCommit implements AggregationStrategy {

    /** Exchange property carrying the file's {@link ChunkReader} from {@link FileChunks} to here. */
    public static final String READER_PROPERTY = "LogcamelImportReader";

    private ImportLedger ledger;

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        throw new IllegalStateException("importCommit is the aggregationStrategy of a split over importChunks");
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange chunk, Exchange file) {
        ChunkReader reader = file.getProperty(READER_PROPERTY, ChunkReader.class);
        if (reader == null || ledger == null) {
            throw new IllegalStateException("importCommit is the aggregationStrategy of a split over importChunks,"
                    + " with its ledger set (property ledger: \"#bean:importLedger\")");
        }
        if (chunk.getException() != null || chunk.isRollbackOnly() || chunk.isRollbackOnlyLast()) {
            reader.failed();
            if (file.getException() == null) {
                file.setException(chunk.getException() != null ? chunk.getException()
                        : new IllegalStateException("a chunk of " + reader.progress().path + " was rolled back"));
            }
        } else {
            ImportPosition through = reader.delivered(chunk.getProperty(ExchangePropertyKey.SPLIT_INDEX, Integer.class));
            if (through != null) {
                ledger.delivered(reader.progress(), through);
            }
        }
        return file;
    }

    public ImportLedger getLedger() {
        return ledger;
    }

    /** The ledger shared with {@code importChunks} and the {@code file:} consumer. */
    public void setLedger(ImportLedger ledger) {
        this.ledger = ledger;
    }
}
