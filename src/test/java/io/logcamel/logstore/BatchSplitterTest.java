package io.logcamel.logstore;

import io.logcamel.event.LogEvent;
import io.logcamel.logstore.wire.LogGroupEncoder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchSplitterTest {

    @Test
    void emptyBatchHasNoRuns() {
        assertTrue(new BatchSplitter(10, 1024).split(List.of(), 0).isEmpty());
    }

    @Test
    void randomBatchesAreCoveredInOrderAndEncodeWithinTheLimit() {
        Random random = new Random(42);
        String alphabet = "abcé日😀 xyz0123";
        for (int round = 0; round < 50; round++) {
            int maxBytes = 1024 + random.nextInt(16 * 1024);
            int maxLogs = 1 + random.nextInt(50);
            List<LogEvent> events = new ArrayList<>();
            int count = random.nextInt(300);
            for (int i = 0; i < count; i++) {
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(300);
                for (int c = 0; c < length; c++) {
                    text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
                }
                LogEvent event = LogEvent.ofContent(random.nextInt(), random.nextInt(1_000_000_000), text.toString());
                if (random.nextInt(10) == 0) {
                    event.putTag("__path__", "/log/" + random.nextInt(3));
                }
                events.add(event);
            }
            List<String> tags = List.of("__pack_id__", "0123456789ABCDEF-1F");
            int overhead = 16 + (int) BatchSplitter.estimateTag("__pack_id__", "X".repeat(40)) + 3 * 8;
            int next = 0;
            LogGroupEncoder encoder = new LogGroupEncoder();
            for (BatchSplitter.Run run : new BatchSplitter(maxLogs, maxBytes).split(events, overhead)) {
                assertEquals(next, run.from());
                assertTrue(run.size() <= maxLogs);
                for (int i = run.from() + 1; i < run.to(); i++) {
                    assertTrue(events.get(i).sameTags(events.get(run.from())));
                }
                List<String> groupTags = new ArrayList<>(tags);
                LogEvent first = events.get(run.from());
                for (int t = 0; t < first.tagCount(); t++) {
                    groupTags.add(first.tagKey(t));
                    groupTags.add(first.tagValue(t));
                }
                int size = encoder.encode(events, run.from(), run.to(), "topic", "10.0.0.1", groupTags).length;
                assertTrue(size <= maxBytes || run.size() == 1, "run of " + run.size() + " encodes to " + size);
                next = run.to();
            }
            assertEquals(events.size(), next);
        }
    }
}
