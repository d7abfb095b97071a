package io.logcamel.input.syslog;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.logcamel.input.FlowControl;
import io.logcamel.input.HeldFlowControl;
import io.logcamel.input.InputMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.component.netty.ChannelHandlerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The TCP framing for a {@code netty:tcp} syslog listener, used as
 * {@code decoders: "#syslogFraming"} with {@code allowDefaultCodec: false}. Camel asks this
 * factory for a fresh decoder per connection (a decoder keeps the state of one stream).
 *
 * <p>It is also the listener's pause hook ({@link FlowControl}): paused, no connection is read
 * (Netty auto-read off), so senders are slowed down by TCP itself. A {@code batch:} queue with
 * {@code whenFull=pause&flowControl=#syslogFraming} pauses it while the queue is full.
 */
public class SyslogFraming extends ChannelHandlerAdapter implements ChannelHandlerFactory, CamelContextAware,
        HeldFlowControl {

    /** Enough for a 64 KiB message plus its header; larger frames are truncated and counted. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 256 * 1024;

    private final AtomicLong truncatedFrames = new AtomicLong();
    private final ChannelFlow flow = new ChannelFlow();
    private int maxFrameLength = DEFAULT_MAX_FRAME_LENGTH;
    private CamelContext camelContext;

    @Override
    public void setCamelContext(CamelContext camelContext) {
        if (this.camelContext == null) {
            InputMetrics.counter(camelContext, "logcamel.syslog.truncated", "syslog TCP frames over the frame limit",
                    "syslog", truncatedFrames);
        }
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new SyslogFrameDecoder(maxFrameLength, truncatedFrames, flow);
    }

    public int getMaxFrameLength() {
        return maxFrameLength;
    }

    /** The longest frame passed on whole, in bytes. */
    public void setMaxFrameLength(int maxFrameLength) {
        if (maxFrameLength < 480) {
            // RFC 5424 6.1: receivers must accept at least 480 octets.
            throw new IllegalArgumentException("logcamel.syslog.max-frame-length (syslogFraming maxFrameLength) must be at least 480 bytes, was " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    public FlowControl flow() {
        return flow;
    }

    /** Open TCP connections. */
    public int connections() {
        return flow.connections();
    }

    /** Frames longer than the limit since start (passed on truncated). */
    public long truncatedFrames() {
        return truncatedFrames.get();
    }
}
