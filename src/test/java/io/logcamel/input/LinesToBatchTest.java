package io.logcamel.input;

import io.logcamel.event.LogBatch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LinesToBatchTest {

    @Test
    void oneEventPerNonEmptyLineWithoutLineEndings() {
        LogBatch batch = LinesToBatch.toBatch("first\r\nsecond\n\nthird without newline");

        assertEquals(List.of("first", "second", "third without newline"),
                batch.events().stream().map(e -> e.get("content")).toList());
    }

    @Test
    void emptyBodyIsAnEmptyBatch() {
        assertEquals(0, LinesToBatch.toBatch("").size());
        assertEquals(0, LinesToBatch.toBatch("\n\r\n").size());
    }
}
