package io.logcamel.tail;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.apache.camel.Exchange;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Numbered lines and an oracle for them: every number must arrive exactly once. The writer appends
 * whole lines with O_APPEND, like a logging library; a rotator may ask it to reopen its path.
 */
final class NumberedLines {

    private NumberedLines() {
    }

    static String line(int number) {
        return String.format("%08d payload-%s", number, "abcdefghij".repeat(3));
    }

    static int numberOf(String line) {
        return Integer.parseInt(line.substring(0, 8));
    }

    /** Counts arrivals per number; can fail on demand like {@link TailHarness.Recorder}. */
    static class Oracle extends TailHarness.Recorder {
        final AtomicIntegerArray arrivals;

        Oracle(int total) {
            arrivals = new AtomicIntegerArray(total);
        }

        @Override
        synchronized void accept(LogBatch batch) {
            for (LogEvent event : batch.events()) {
                arrivals.incrementAndGet(numberOf(event.get(LogEvent.CONTENT)));
            }
        }

        @Override
        public void process(Exchange exchange) {
            if (failing.get()) {
                failures.incrementAndGet();
                throw new IllegalStateException("simulated delivery failure");
            }
            accept(exchange.getMessage().getBody(LogBatch.class));
        }

        int lost(int upTo) {
            int lost = 0;
            for (int i = 0; i < upTo; i++) {
                if (arrivals.get(i) == 0) {
                    lost++;
                }
            }
            return lost;
        }

        int duplicated(int upTo) {
            int dup = 0;
            for (int i = 0; i < upTo; i++) {
                dup += Math.max(0, arrivals.get(i) - 1);
            }
            return dup;
        }

        int arrived(int upTo) {
            int arrived = 0;
            for (int i = 0; i < upTo; i++) {
                if (arrivals.get(i) > 0) {
                    arrived++;
                }
            }
            return arrived;
        }

        String report(int total) {
            return "lost=" + lost(total) + " duplicated=" + duplicated(total) + " of " + total;
        }
    }

    /** Appends numbered lines to a path, reopening it when asked (as an app does after logrotate's signal). */
    static final class Writer implements AutoCloseable {
        private final Path path;
        private FileChannel channel;
        private volatile boolean reopen;
        int next;

        Writer(Path path) throws Exception {
            this.path = path;
            open();
        }

        private void open() throws Exception {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }

        void requestReopen() {
            reopen = true;
        }

        /** Writes {@code count} lines in one write call. */
        void write(int count) throws Exception {
            if (reopen) {
                reopen = false;
                channel.close();
                open();
            }
            StringBuilder text = new StringBuilder(count * 48);
            for (int i = 0; i < count; i++) {
                text.append(line(next++)).append('\n');
            }
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }

        @Override
        public void close() throws Exception {
            channel.close();
        }
    }
}
