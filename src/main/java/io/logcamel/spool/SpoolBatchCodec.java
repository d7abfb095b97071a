package io.logcamel.spool;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.logstore.wire.LogGroupDecoder;
import io.logcamel.logstore.wire.LogGroupEncoder;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the {@code spool:} component stores as a record's body: the batch as uncompressed protobuf
 * LogGroups, {@code int length, LogGroup} each, one per run of events that share their tags.
 *
 * <p>Why LogGroups and not the exact request that failed: a dead-letter channel with
 * {@code useOriginalMessage} hands over the original {@link LogBatch}, not the producer's signed
 * requests, and a replay must go through {@code logstore:} again anyway (fresh Date, signature and
 * pack id, the endpoint's current compression and split size). The LogGroup is the wire's own,
 * compact, well-specified form of a batch, and it round-trips: topic, source, tags, times with
 * nanoseconds and ordered contents. The source position is deliberately not stored: once spooled,
 * the input's checkpoint has advanced and the record no longer belongs to it.
 */
final class SpoolBatchCodec {

    private SpoolBatchCodec() {
    }

    static byte[] encode(LogBatch batch) {
        LogGroupEncoder encoder = new LogGroupEncoder();
        List<LogEvent> events = batch.events();
        List<byte[]> groups = new ArrayList<>();
        int from = 0;
        do {
            int to = from + 1;
            while (to < events.size() && events.get(to).sameTags(events.get(from))) {
                to++;
            }
            List<String> tags = new ArrayList<>();
            for (Map.Entry<String, String> tag : batch.tags().entrySet()) {
                tags.add(tag.getKey());
                tags.add(tag.getValue());
            }
            if (from < events.size()) {
                LogEvent first = events.get(from);
                for (int i = 0; i < first.tagCount(); i++) {
                    tags.add(first.tagKey(i));
                    tags.add(first.tagValue(i));
                }
            }
            groups.add(encoder.encode(events, from, Math.min(to, events.size()), batch.topic(), batch.source(), tags));
            from = to;
        } while (from < events.size());
        int size = 0;
        for (byte[] group : groups) {
            size += 4 + group.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (byte[] group : groups) {
            out.putInt(group.length).put(group);
        }
        return out.array();
    }

    static LogBatch decode(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        List<LogBatch> groups = new ArrayList<>();
        while (in.hasRemaining()) {
            byte[] group = new byte[in.getInt()];
            in.get(group);
            groups.add(LogGroupDecoder.decode(group));
        }
        if (groups.size() == 1) {
            return groups.get(0);
        }
        // Several runs: each run's tags go back onto its events, which is how the batch arrived
        // (batch tags and event tags are merged the same way when sent).
        LogBatch batch = new LogBatch().topic(groups.get(0).topic()).source(groups.get(0).source());
        for (LogBatch group : groups) {
            for (LogEvent event : group.events()) {
                group.tags().forEach(event::putTag);
                batch.add(event);
            }
        }
        return batch;
    }
}
