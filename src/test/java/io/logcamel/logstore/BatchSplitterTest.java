package io.logcamel.logstore;

import io.logcamel.event.LogEvent;
import io.logcamel.logstore.wire.LogGroupEncoder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchSplitterTest {

    @Test
    void anEventOverTheLimitGetsARunOfItsOwn() {
        List<LogEvent> events = List.of(LogEvent.ofContent(1, 0, "a"), LogEvent.ofContent(1, 0, "b".repeat(2000)),
                LogEvent.ofContent(1, 0, "c"));
        BatchSplitter splitter = new BatchSplitter(10, 1024);
        LogGroupEncoder encoder = new LogGroupEncoder();
        encoder.begin("", "", List.of());
        assertEquals(1, splitter.fill(events, 0, encoder));
        encoder.begin("", "", List.of());
        assertEquals(2, splitter.fill(events, 1, encoder));
        assertTrue(encoder.size() > 1024);
        encoder.begin("", "", List.of());
        assertEquals(3, splitter.fill(events, 2, encoder));
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
            BatchSplitter splitter = new BatchSplitter(maxLogs, maxBytes);
            LogGroupEncoder encoder = new LogGroupEncoder();
            int next = 0;
            while (next < events.size()) {
                int from = next;
                List<String> groupTags = new ArrayList<>(tags);
                LogEvent first = events.get(from);
                for (int t = 0; t < first.tagCount(); t++) {
                    groupTags.add(first.tagKey(t));
                    groupTags.add(first.tagValue(t));
                }
                encoder.begin("topic", "10.0.0.1", groupTags);
                int to = splitter.fill(events, from, encoder);
                assertTrue(to > from);
                assertTrue(to - from <= maxLogs);
                for (int i = from + 1; i < to; i++) {
                    assertTrue(events.get(i).sameTags(first));
                }
                long planned = encoder.size();
                byte[] bytes = encoder.finish();
                assertEquals(planned, bytes.length);
                assertTrue(bytes.length <= maxBytes || to - from == 1, "run of " + (to - from) + " encodes to " + bytes.length);
                // The encoded group is exactly the events of the run: nothing lost, added or reordered.
                assertArrayEquals(new LogGroupEncoder().encode(events, from, to, "topic", "10.0.0.1", groupTags), bytes);
                // A cut not forced by the count or the tags is one the next event would have overflowed.
                if (to < events.size() && to - from < maxLogs && events.get(to).sameTags(first)) {
                    int withNext = new LogGroupEncoder().encode(events, from, to + 1, "topic", "10.0.0.1", groupTags).length;
                    assertTrue(withNext > maxBytes, "cut at " + to + " although " + withNext + " bytes fit");
                }
                next = to;
            }
            assertEquals(events.size(), next);
        }
    }
}
