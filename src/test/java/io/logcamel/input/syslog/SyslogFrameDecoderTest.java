package io.logcamel.input.syslog;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TCP framing when frames arrive cut at any byte, and frames over the limit. */
class SyslogFrameDecoderTest {

    private final AtomicLong truncated = new AtomicLong();
    private final EmbeddedChannel channel = new EmbeddedChannel(new SyslogFrameDecoder(600, truncated, new ChannelFlow()));

    private void write(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private String read() {
        SyslogFrame frame = channel.readInbound();
        return frame == null ? null : new String(frame.bytes(), StandardCharsets.UTF_8) + (frame.truncated() ? "[cut]" : "");
    }

    @Test
    void framesSplitAtEveryByteStillDecode() {
        String stream = "11 <13>1 - - -<13>x\r\n5 <1>ab";
        for (char c : stream.toCharArray()) {
            write(String.valueOf(c));
        }
        assertEquals("<13>1 - - -", read());
        assertEquals("<13>x", read());
        assertEquals("<1>ab", read());
        assertNull(read());
    }

    @Test
    void digitsWithoutASpaceAreNewlineFramed() {
        write("2024 was a year\n");
        assertEquals("2024 was a year", read());
    }

    @Test
    void oversizedFramesAreCutMarkedAndTheRestSkipped() {
        write("700 <" + "a".repeat(699) + "4 <aft");
        assertEquals("<" + "a".repeat(599) + "[cut]", read());
        assertEquals("<aft", read());
        write("b".repeat(650));
        write("b".repeat(100) + "\nnext\n");
        assertEquals("b".repeat(600) + "[cut]", read());
        assertEquals("next", read());
        assertEquals(2, truncated.get());
    }

    @Test
    void theLastFrameWithoutNewlineIsKeptWhenThePeerCloses() {
        write("<13>last words");
        assertNull(read());
        channel.finish();
        assertEquals("<13>last words", read());
        assertTrue(channel.inboundMessages().isEmpty());
    }
}
