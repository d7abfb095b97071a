package io.logcamel.tail;

import io.logcamel.event.LogBatch;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The hand-off of read batches to several delivery threads: order, the per-file window, stale batches. */
class ReadAheadTest {

    private static FileFollower follower(String path) {
        LineReader reader = new LineReader(new LineDecoder(StandardCharsets.UTF_8, new AtomicLong()), 1024, new AtomicLong());
        return new FileFollower(path, null, new FileIdentity(1, path.hashCode(), 0, 0), 0, reader, null,
                new BatchBuilder(10, 1000), 0);
    }

    private static ReadAhead holding(int window, PendingBatch... batches) {
        ReadAhead readAhead = new ReadAhead(1 << 20, window);
        for (PendingBatch batch : batches) {
            readAhead.add(batch);
        }
        return readAhead;
    }

    private static PendingBatch batch(FileFollower source, long id) {
        return new PendingBatch(source, 0, id, id * 100, id * 100 + 100, 1, 100, new LogBatch(List.of()));
    }

    @Test
    void aFileNeverHasMoreThanItsWindowOutAndTheWindowMovesOnlyOverItsOldestBatch() throws Exception {
        FileFollower app = follower("/logs/app.log");
        PendingBatch first = batch(app, 0);
        PendingBatch second = batch(app, 1);
        PendingBatch third = batch(app, 2);
        ReadAhead readAhead = holding(2, first, second, third);

        assertSame(first, readAhead.take(0));
        assertSame(second, readAhead.take(0));
        assertNull(readAhead.take(0), "two of the file are out: the third waits");

        readAhead.release(second);
        assertNull(readAhead.take(0), "the later batch completed first: the window still starts at the first");

        readAhead.release(first);
        assertSame(third, readAhead.take(0), "the oldest completed: the window moved past both");
        readAhead.release(third);
        assertEquals(0, readAhead.bytes());
    }

    @Test
    void readingGoesOnPastASmallBoundUntilEveryDeliveryThreadHasABatchAndOneIsReady() throws Exception {
        FileFollower app = follower("/logs/app.log");
        ReadAhead readAhead = new ReadAhead(150, 2); // a bound smaller than two of these batches
        assertTrue(readAhead.hasRoom());
        PendingBatch first = batch(app, 0);
        readAhead.add(first);
        assertTrue(readAhead.hasRoom(), "100 bytes of 150");
        readAhead.add(batch(app, 1));
        assertTrue(readAhead.hasRoom(), "past the bound, but two threads deliver: one more may be ready");
        readAhead.add(batch(app, 2));
        assertFalse(readAhead.hasRoom(), "past the bound with a batch for each thread and one ready");

        readAhead.release(readAhead.take(0));
        assertTrue(readAhead.hasRoom(), "one acknowledged: room for the next");
    }

    @Test
    void anotherFileGoesWhileOneFilesWindowIsFull() throws Exception {
        FileFollower app = follower("/logs/app.log");
        PendingBatch app0 = batch(app, 0);
        PendingBatch app1 = batch(app, 1);
        PendingBatch web0 = batch(follower("/logs/web.log"), 0);
        ReadAhead readAhead = holding(1, app0, app1, web0);

        assertSame(app0, readAhead.take(0));
        assertSame(web0, readAhead.take(0), "app.log's window is full; web.log's batch is taken past it");
        assertNull(readAhead.take(0));
        readAhead.release(app0);
        assertSame(app1, readAhead.take(0), "app.log's next batch, in its order");
    }

    @Test
    void batchesOfAFileWhoseEarlierBatchFailedAreDroppedNotTaken() throws Exception {
        FileFollower app = follower("/logs/app.log");
        PendingBatch first = batch(app, 0);
        ReadAhead readAhead = holding(2, first, batch(app, 1));
        assertSame(first, readAhead.take(0));
        app.reject(0); // the first failed: everything read after it in generation 0 is read again
        readAhead.release(first);
        assertNull(readAhead.take(0));
        assertEquals(0, readAhead.bytes(), "the stale batch's bytes are released");
    }
}
