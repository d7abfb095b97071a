package io.logcamel.input.binlog;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.apache.kafka.connect.util.Callback;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Debezium's file offset store, except that it writes an offset only once every change event
 * the route had received by then was delivered ({@link BinlogDeliveryTracker}). Without this
 * Debezium would store the position of events still waiting in a batch, and a crash would lose
 * them. A flush that cannot be confirmed in time fails, Debezium keeps the previous offset and
 * tries again at its next flush interval. Set with {@code offsetStorage} on the endpoint.
 *
 * <p>Its start and stop also tell {@link DebeziumEngineHealthCheck} whether the engine runs.
 */
public class DeliveredOffsetStore extends FileOffsetBackingStore {

    static final long DELIVERY_WAIT_MILLIS = 4000; // below Debezium's default offset commit timeout (5 s)

    private BinlogDeliveryTracker tracker;

    public DeliveredOffsetStore() {
        super(keyConverter());
    }

    private static JsonConverter keyConverter() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), true);
        return converter;
    }

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Object file = config.originals().get("offset.storage.file.filename");
        if (file == null) {
            throw new ConnectException("DeliveredOffsetStore needs offset.storage.file.filename (offsetStorageFileName)");
        }
        tracker = BinlogDeliveryTracker.forOffsetFile(file.toString());
    }

    /** Debezium starts the offset store when its engine starts and stops it when the engine ends, failed or not. */
    @Override
    public synchronized void start() {
        super.start();
        tracker.engineStarted();
    }

    @Override
    public synchronized void stop() {
        tracker.engineStopped();
        super.stop();
    }

    @Override
    public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
        long seen = tracker.lastAssigned();
        try {
            if (!tracker.awaitDelivered(seen, DELIVERY_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return fail(callback, new ConnectException("binlog offset not stored: events up to #" + seen
                        + " are not yet delivered (delivered up to #" + tracker.deliveredUpTo() + ")"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(callback, new ConnectException("interrupted while waiting for delivery", e));
        }
        return super.set(values, callback);
    }

    private static Future<Void> fail(Callback<Void> callback, ConnectException error) {
        if (callback != null) {
            callback.onCompletion(error, null);
        }
        return CompletableFuture.failedFuture(error);
    }
}
