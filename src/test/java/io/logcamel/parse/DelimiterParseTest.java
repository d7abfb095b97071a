package io.logcamel.parse;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DelimiterParseTest {

    private final StepHarness camel = new StepHarness();

    @AfterEach
    void close() {
        camel.close();
    }

    private LogEvent parseOne(String uri, String line) {
        return camel.send(uri, StepHarness.lines(line)).events().get(0);
    }

    @Test
    void csvWithQuotedFieldsEmbeddedSeparatorsAndDoubledQuotes() {
        String uri = "parse:delimiter?keys=time,user,action,detail,amount";
        LogEvent event = parseOne(uri,
                "2026-11-24 08:15:02,\"Smith, John\",checkout,\"said \"\"hi\"\", then paid\",19.99");
        assertEquals("2026-11-24 08:15:02", event.get("time"));
        assertEquals("Smith, John", event.get("user"));
        assertEquals("checkout", event.get("action"));
        assertEquals("said \"hi\", then paid", event.get("detail"));
        assertEquals("19.99", event.get("amount"));
        assertEquals(5, event.size());
    }

    @Test
    void emptyFieldsAndATrailingSeparator() {
        LogEvent event = parseOne("parse:delimiter?keys=a,b,c,d", "1,,\"\",");
        assertEquals("1", event.get("a"));
        assertEquals("", event.get("b"));
        assertEquals("", event.get("c"));
        assertEquals("", event.get("d"));
    }

    @Test
    void multiCharacterSeparatorAndTab() {
        LogEvent pipes = parseOne("parse:delimiter?separator=RAW(||)&keys=host,level,msg", "web-01||WARN||disk | almost full");
        assertEquals("web-01", pipes.get("host"));
        assertEquals("disk | almost full", pipes.get("msg"));
        LogEvent tabs = parseOne("parse:delimiter?separator=%09&quote=&keys=a,b", "x\"y\tz");
        assertEquals("x\"y", tabs.get("a"), "an empty quote option turns quoting off");
        assertEquals("z", tabs.get("b"));
    }

    @Test
    void fewerFieldsPolicies() {
        String line = "a,b";
        LogEvent strict = parseOne("parse:delimiter?keys=x,y,z", line);
        assertEquals("2 fields, expected 3", strict.get("__parse_error__"));
        assertEquals(line, strict.get("content"));
        LogEvent filled = parseOne("parse:delimiter?keys=x,y,z&fewerFields=fill", line);
        assertEquals("", filled.get("z"));
        assertEquals(3, filled.size());
        LogEvent partial = parseOne("parse:delimiter?keys=x,y,z&fewerFields=partial", line);
        assertEquals(2, partial.size());
        assertNull(partial.get("z"));
    }

    @Test
    void moreFieldsPolicies() {
        String line = "a,b,\"c,1\",d";
        assertEquals("more than 2 fields", parseOne("parse:delimiter?keys=x,y", line).get("__parse_error__"));
        LogEvent merged = parseOne("parse:delimiter?keys=x,y&moreFields=merge", line);
        assertEquals("b,\"c,1\",d", merged.get("y"), "the last key takes the rest of the line verbatim");
        LogEvent extra = parseOne("parse:delimiter?keys=x,y&moreFields=extraKeys", line);
        assertEquals("c,1", extra.get("__column3__"));
        assertEquals("d", extra.get("__column4__"));
        LogEvent dropped = parseOne("parse:delimiter?keys=x,y&moreFields=drop", line);
        assertEquals(2, dropped.size());
        assertEquals("b", dropped.get("y"));
    }

    @Test
    void mergeLeavesALineWithExactlyTheKeysAlone() {
        LogEvent event = parseOne("parse:delimiter?keys=x,y&moreFields=merge", "a,\"b,c\"");
        assertEquals("b,c", event.get("y"));
    }

    @Test
    void brokenQuotingFollowsTheNoMatchPolicy() {
        String uri = "parse:delimiter?keys=a,b&noMatch=drop";
        LogBatch batch = camel.send(uri, StepHarness.lines("\"unclosed,x", "\"closed\"junk,y", "ok,fine"));
        assertEquals(1, batch.size());
        assertEquals("fine", batch.events().get(0).get("b"));
        assertEquals(2, camel.endpoint(uri, ParseEndpoint.class).getCounters().getUnmatchedDropped());
        LogEvent kept = parseOne("parse:delimiter?keys=a,b", "\"unclosed,x");
        assertEquals("unclosed quote in field 1", kept.get("__parse_error__"));
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsText() {
        LogEvent event = parseOne("parse:delimiter?keys=a,b", "5\" pipe,ok");
        assertEquals("5\" pipe", event.get("a"));
    }
}
