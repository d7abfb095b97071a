package io.logcamel.logstore;

import com.aliyun.openservices.log.common.Logs;
import com.aliyun.openservices.log.util.LZ4Encoder;
import com.github.luben.zstd.Zstd;
import io.logcamel.event.LogEvent;
import io.logcamel.logstore.wire.CompressType;
import io.logcamel.logstore.wire.LogGroupEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our LogGroup bytes read by the SDK's generated protobuf classes, and our compressed bodies
 * inflated by decompressors that are not ours: what Log Service itself would see.
 */
class LogGroupInteropTest {

    private static List<LogEvent> events() {
        List<LogEvent> events = new ArrayList<>();
        events.add(LogEvent.ofContent(1_700_000_000L, 999_999_999, "plain ascii line"));
        events.add(new LogEvent(1_700_000_001L, 0).add("msg", "日志服务 — ünïcödé ✓ 😀").add("empty", ""));
        LogEvent wide = new LogEvent(4_000_000_000L, 5); // beyond 2^31: uint32 Time must survive
        for (int i = 0; i < 200; i++) {
            wide.add("field_" + i, "value " + i);
        }
        events.add(wide);
        events.add(new LogEvent(0, 1).add("", "empty key"));
        return events;
    }

    private static byte[] encode(List<LogEvent> events) {
        return new LogGroupEncoder().encode(events, 0, events.size(), "my-topic", "10.1.2.3",
                List.of("__hostname__", "host-1", "__path__", "/var/log/日志.log", "__pack_id__", "ABCDEF0123456789-1",
                        "empty", ""));
    }

    @Test
    void theSdkParsesOurLogGroup() throws Exception {
        List<LogEvent> events = events();
        Logs.LogGroup group = Logs.LogGroup.parseFrom(encode(events));

        assertEquals("my-topic", group.getTopic());
        assertEquals("10.1.2.3", group.getSource());
        assertEquals(4, group.getLogTagsCount());
        assertEquals("__path__", group.getLogTags(1).getKey());
        assertEquals("/var/log/日志.log", group.getLogTags(1).getValue());
        assertEquals("", group.getLogTags(3).getValue());
        assertEquals(events.size(), group.getLogsCount());
        for (int i = 0; i < events.size(); i++) {
            LogEvent expected = events.get(i);
            Logs.Log log = group.getLogs(i);
            assertEquals(expected.timeSeconds(), Integer.toUnsignedLong(log.getTime()), "Time of log " + i);
            assertEquals(expected.timeNanos(), log.getTimeNs(), "Time_ns of log " + i);
            assertEquals(expected.size(), log.getContentsCount());
            for (int f = 0; f < expected.size(); f++) {
                assertEquals(expected.key(f), log.getContents(f).getKey());
                assertEquals(expected.value(f), log.getContents(f).getValue());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CompressType.class)
    void compressedBodiesInflateWithIndependentDecompressors(CompressType type) throws Exception {
        byte[] raw = encode(events());
        byte[] sent = type.compress(raw);
        byte[] back = switch (type) {
            case NONE -> sent;
            case LZ4 -> LZ4Encoder.decompressFromLhLz4Chunk(sent, raw.length); // the SDK's own
            case ZSTD -> Zstd.decompress(sent, raw.length);
            case DEFLATE -> inflate(sent);
        };
        assertArrayEquals(raw, back);
        if (type != CompressType.NONE) {
            assertTrue(sent.length < raw.length, type + " did not compress");
        }
        assertArrayEquals(raw, type.decompress(sent, raw.length)); // and our own, for the local Logstore
    }

    private static byte[] inflate(byte[] data) throws Exception {
        Inflater inflater = new Inflater(); // zlib-wrapped, as the SDK sends deflate
        inflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (!inflater.finished()) {
            int n = inflater.inflate(chunk);
            if (n == 0 && inflater.needsInput()) {
                throw new IllegalStateException("truncated deflate body");
            }
            out.write(chunk, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }
}
