package io.logcamel.tail;

import io.logcamel.input.HeldFlowControl;
import io.logcamel.input.PauseReasons;
import io.logcamel.metrics.MeterScope;
import io.logcamel.metrics.Metered;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Tails the log files of one collection config and sends their lines as {@code LogBatch} bodies,
 * one exchange per batch of one file. A file's checkpoint moves only after its exchange completed
 * without exception.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "tail", title = "Tail", syntax = "tail:name", consumerOnly = true,
        category = {Category.FILE, Category.MONITORING}, headersClass = TailConstants.class)
public class TailEndpoint extends DefaultEndpoint implements HeldFlowControl, Metered {

    @UriParam
    private final TailConfiguration configuration;
    private final TailMetrics metrics = new TailMetrics();
    /** Pauses reading (not delivery) for the resource guard; a suspended route pauses on its own. */
    private final PauseReasons flow = new PauseReasons(this::holdConsumer);
    private volatile TailConsumer consumer;

    public TailEndpoint(String uri, TailComponent component, TailConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        TailConsumer created = new TailConsumer(this, processor);
        configureConsumer(created);
        consumer = created;
        return created;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("tail: is consumer only");
    }

    @Override
    public boolean isRemote() {
        return false;
    }

    public TailConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public PauseReasons flow() {
        return flow;
    }

    private void holdConsumer(boolean paused) {
        TailConsumer current = consumer;
        if (current != null) {
            current.hold(paused);
        }
    }

    @Override
    public void bindMeters(MeterScope scope) {
        TailMetrics m = metrics;
        scope.counter("logcamel.tail.lines.read", "lines (records) read and handed to delivery", m, TailMetrics::getLinesRead)
                .counter("logcamel.tail.bytes.read", "file bytes read and handed to delivery", m, TailMetrics::getBytesRead)
                .counter("logcamel.tail.lines.delivered", "lines in batches acknowledged downstream", m,
                        TailMetrics::getLinesDelivered)
                .counter("logcamel.tail.bytes.delivered", "file bytes covered by acknowledged batches", m,
                        TailMetrics::getBytesDelivered)
                .counter("logcamel.tail.batches.failed", "batches whose exchange failed (read again)", m,
                        TailMetrics::getBatchesFailed)
                .gauge("logcamel.tail.files.open", "files open for reading", m, TailMetrics::getFilesOpen)
                .counter("logcamel.tail.files.discovered", "files found and opened", m, TailMetrics::getFilesDiscovered)
                .counter("logcamel.tail.files.rotated", "files moved away from a watched path while open", m,
                        TailMetrics::getRotationsDetected)
                .counter("logcamel.tail.files.recovered", "files rotated away before they were opened, found by name and read", m,
                        TailMetrics::getFilesRecoveredAfterRotation)
                .counter("logcamel.tail.files.truncated", "files found truncated (read again from 0)", m,
                        TailMetrics::getTruncationsDetected)
                .gauge("logcamel.tail.bytes.behind", "size minus acknowledged offset, over open files", m,
                        TailMetrics::getBytesBehind)
                .gauge("logcamel.tail.read.ahead.bytes", "bytes read but not yet acknowledged", m,
                        TailMetrics::getReadAheadBytes)
                .counter("logcamel.tail.encoding.replacements", "malformed byte sequences replaced by U+FFFD", m,
                        TailMetrics::getInvalidEncodingReplacements)
                .counter("logcamel.tail.lines.split", "lines longer than maxLineSize cut into parts", m,
                        TailMetrics::getLinesSplit)
                .counter("logcamel.tail.multiline.discarded", "unmatched lines discarded by the multi-line rules", m,
                        TailMetrics::getMultilineUnmatchedDiscarded)
                .counter("logcamel.tail.read.errors", "I/O errors while reading (the file is retried)", m,
                        TailMetrics::getReadErrors)
                .counter("logcamel.tail.truncation.lost.bytes", "bytes lost to truncation before they could be read", m,
                        TailMetrics::getBytesLostToTruncation)
                .counter("logcamel.tail.checkpoint.write.failures", "checkpoint writes that failed (retried)", m,
                        TailMetrics::getCheckpointWriteFailures);
    }

    /** Counters: lines, bytes, batches, truncations, split lines, discarded lines, replacements, open files. */
    public TailMetrics getMetrics() {
        return metrics;
    }
}
