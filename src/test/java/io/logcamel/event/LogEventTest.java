package io.logcamel.event;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogEventTest {

    @Test
    void keepsFieldsInInsertionOrderAndReplacesInPlace() {
        LogEvent event = LogEvent.ofContent(100, 5, "raw line");
        event.put("status", "200").put("method", "GET").put("content", "rewritten");

        assertEquals(3, event.size());
        assertEquals("content", event.key(0));
        assertEquals("rewritten", event.value(0));
        assertEquals("status", event.key(1));
        assertEquals("method", event.key(2));
        assertEquals("GET", event.get("method"));
        assertNull(event.get("missing"));
    }

    @Test
    void contentHeldAsUtf8IsDecodedOnlyWhenAskedFor() {
        byte[] line = "gét /index.html 200".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        LogEvent untouched = LogEvent.ofUtf8Content(100, 5, line).add("__tag__:__split__", "1");
        assertEquals(2, untouched.size());
        assertEquals("content", untouched.key(0));
        assertTrue(untouched.utf8Value(0) == line, "the bytes are kept as they are");
        assertNull(untouched.utf8Value(1));
        assertEquals("1", untouched.get("__tag__:__split__"));
        assertNull(untouched.get("missing"));
        assertEquals("1", untouched.remove("__tag__:__split__"));
        assertTrue(untouched.utf8Value(0) == line, "reading or removing another field leaves the content as bytes");

        LogEvent read = LogEvent.ofUtf8Content(100, 5, line);
        assertEquals("gét /index.html 200", read.get("content"));
        assertNull(read.utf8Value(0), "once decoded, the event holds the String only");
        assertEquals("gét /index.html 200", read.value(0));

        LogEvent replaced = LogEvent.ofUtf8Content(100, 5, line).put("content", "new");
        assertNull(replaced.utf8Value(0));
        assertEquals("new", replaced.value(0));

        assertEquals("gét /index.html 200", LogEvent.ofUtf8Content(100, 5, line).remove("content"));
        assertEquals(0, LogEvent.ofUtf8Content(100, 5, line).clearContents().size());
        assertTrue(LogEvent.ofUtf8Content(100, 5, line).toString().contains("content=gét"));
    }

    @Test
    void removesAFieldAndKeepsTheRestInOrder() {
        LogEvent event = new LogEvent(1, 0).add("a", "1").add("b", "2").add("c", "3").add("d", "4").add("e", "5");

        assertEquals("2", event.remove("b"));
        assertNull(event.remove("b"));
        assertEquals(4, event.size());
        assertEquals("a c d e", String.join(" ", event.key(0), event.key(1), event.key(2), event.key(3)));
        assertThrows(IndexOutOfBoundsException.class, () -> event.key(4));
    }

    @Test
    void comparesTagsForGrouping() {
        LogEvent plain = new LogEvent(1, 0);
        LogEvent tagged = new LogEvent(1, 0).putTag("__path__", "/var/log/a.log");
        LogEvent sameTag = new LogEvent(2, 0).putTag("__path__", "/var/log/a.log");

        assertTrue(plain.sameTags(new LogEvent(5, 0)));
        assertFalse(plain.sameTags(tagged));
        assertTrue(tagged.sameTags(sameTag));
        assertEquals("/var/log/a.log", sameTag.tag("__path__"));
    }

    @Test
    void rejectsNanosOutOfRangeAndNullValues() {
        assertThrows(IllegalArgumentException.class, () -> new LogEvent(1, 1_000_000_000));
        assertThrows(IllegalArgumentException.class, () -> new LogEvent(1, -1));
        assertThrows(NullPointerException.class, () -> new LogEvent(1, 0).put("k", null));
    }

    @Test
    void reserveKeepsTheFieldsAndTheirOrder() {
        LogEvent event = LogEvent.ofContent(1, 0, "line");
        event.reserve(12);
        event.reserve(2); // never shrinks
        for (int i = 0; i < 12; i++) {
            event.add("k" + i, "v" + i);
        }
        assertEquals(13, event.size());
        assertEquals("line", event.get("content"));
        assertEquals("k0", event.key(1));
        assertEquals("v11", event.value(12));
        LogEvent empty = new LogEvent(1, 0);
        empty.reserve(3);
        assertEquals(0, empty.size());
        empty.add("a", "b");
        assertEquals("b", empty.get("a"));
    }
}
