package io.logcamel.input.syslog;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cuts a syslog TCP stream into messages, choosing the framing per frame (RFC 6587): a frame
 * that starts with digits, a space and a {@code <} is octet-counted ({@code 57 <13>1 ...});
 * anything else runs to the next newline. Senders that switch framing mid-stream are handled
 * because the choice is made again at every frame start.
 *
 * <p>A frame longer than the limit is not an error that closes the connection: its first
 * {@code maxFrameLength} bytes are passed on marked truncated, the rest is skipped.
 */
final class SyslogFrameDecoder extends ByteToMessageDecoder {

    private static final int MAX_COUNT_DIGITS = 10;

    private final int maxFrameLength;
    private final AtomicLong truncatedFrames;
    private final ChannelFlow flow;
    /** Bytes of an oversized octet-counted frame still to skip. */
    private long skipBytes;
    /** True while skipping the rest of an oversized newline-delimited frame. */
    private boolean skipToNewline;

    SyslogFrameDecoder(int maxFrameLength, AtomicLong truncatedFrames, ChannelFlow flow) {
        this.maxFrameLength = maxFrameLength;
        this.truncatedFrames = truncatedFrames;
        this.flow = flow;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        flow.opened(ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        flow.closed(ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (skipBytes > 0) {
                int skip = (int) Math.min(skipBytes, in.readableBytes());
                in.skipBytes(skip);
                skipBytes -= skip;
                continue;
            }
            if (skipToNewline) {
                int newline = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
                if (newline < 0) {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                in.readerIndex(newline + 1);
                skipToNewline = false;
                continue;
            }
            int decoded = decodeOctetCounted(in, out);
            if (decoded < 0) {
                return; // an octet-counted frame is still arriving
            }
            if (decoded == 0 && !decodeNewlineDelimited(in, out)) {
                return;
            }
        }
    }

    /** 1 when a frame was taken, 0 when the data is not octet-counted, -1 when more bytes are needed. */
    private int decodeOctetCounted(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        byte first = in.getByte(start);
        if (first < '1' || first > '9') {
            return 0;
        }
        int i = countEnd(in, start);
        long length = count(in, start, i);
        if (i == in.writerIndex()) {
            return i - start < MAX_COUNT_DIGITS ? -1 : 0;
        }
        if (in.getByte(i) != ' ') {
            return 0;
        }
        int bodyStart = i + 1;
        if (bodyStart == in.writerIndex()) {
            return -1;
        }
        if (in.getByte(bodyStart) != '<') {
            // Every syslog message starts with its <PRI>: "2024 was a year" is a line, not a count.
            return 0;
        }
        if (length > maxFrameLength) {
            if (in.writerIndex() - bodyStart < maxFrameLength) {
                return -1;
            }
            out.add(frame(in, bodyStart, maxFrameLength, true));
            in.readerIndex(bodyStart + maxFrameLength);
            skipBytes = length - maxFrameLength;
            return 1;
        }
        if (in.writerIndex() - bodyStart < length) {
            return -1;
        }
        out.add(frame(in, bodyStart, (int) length, false));
        in.readerIndex(bodyStart + (int) length);
        return 1;
    }

    /** True when a frame was taken (or skipped); false when more bytes are needed. */
    private boolean decodeNewlineDelimited(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int newline = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (newline < 0) {
            if (in.readableBytes() > maxFrameLength) {
                out.add(frame(in, start, maxFrameLength, true));
                in.skipBytes(in.readableBytes());
                skipToNewline = true;
                return true;
            }
            return false;
        }
        int end = newline > start && in.getByte(newline - 1) == '\r' ? newline - 1 : newline;
        if (end - start > maxFrameLength) {
            out.add(frame(in, start, maxFrameLength, true));
        } else if (end > start) {
            out.add(frame(in, start, end - start, false));
        }
        in.readerIndex(newline + 1);
        return true;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        // The peer closed: whatever is left is its last message, sent without a trailing newline
        // (or an octet-counted frame cut short, kept so that it is counted rather than lost).
        if (in.isReadable() && skipBytes == 0 && !skipToNewline) {
            int length = Math.min(in.readableBytes(), maxFrameLength);
            long announced = announcedOctetCount(in);
            SyslogFrame last = frame(in, in.readerIndex(), length, false);
            if (announced >= 0) {
                int countLength = Long.toString(announced).length() + 1;
                last = new SyslogFrame(last.bytes(), false, "incomplete octet-counted frame: " + announced
                        + " bytes announced, " + (in.readableBytes() - countLength) + " received before the connection closed");
            }
            out.add(last);
            in.skipBytes(in.readableBytes());
        }
    }

    /** The count of an octet-counted frame at the reader index ({@code LEN SP <}), or -1 when it is not one. */
    private static long announcedOctetCount(ByteBuf in) {
        int start = in.readerIndex();
        int i = countEnd(in, start);
        boolean counted = i > start && in.getByte(start) != '0' && i + 1 < in.writerIndex()
                && in.getByte(i) == ' ' && in.getByte(i + 1) == '<';
        return counted ? count(in, start, i) : -1;
    }

    /** Where the run of at most {@value #MAX_COUNT_DIGITS} digits starting at {@code start} ends. */
    private static int countEnd(ByteBuf in, int start) {
        int i = start;
        while (i < in.writerIndex() && i - start < MAX_COUNT_DIGITS && in.getByte(i) >= '0' && in.getByte(i) <= '9') {
            i++;
        }
        return i;
    }

    /** The number the digits in {@code [from, to)} spell. */
    private static long count(ByteBuf in, int from, int to) {
        long length = 0;
        for (int i = from; i < to; i++) {
            length = length * 10 + (in.getByte(i) - '0');
        }
        return length;
    }

    private SyslogFrame frame(ByteBuf in, int from, int length, boolean truncated) {
        if (truncated) {
            truncatedFrames.incrementAndGet();
        }
        byte[] bytes = new byte[length];
        in.getBytes(from, bytes);
        return new SyslogFrame(bytes, truncated);
    }
}
