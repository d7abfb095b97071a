package io.logcamel.input.syslog;

import io.logcamel.input.FlowControl;
import io.logcamel.input.HeldFlowControl;
import io.logcamel.input.PauseReasons;
import io.netty.channel.Channel;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pauses a TCP listener by turning Netty's auto-read off on every open connection (and on those
 * that open while paused): the kernel's receive buffer fills, the TCP window closes and senders
 * block in their writes. Nothing is read that cannot be taken, so nothing is dropped.
 */
final class ChannelFlow implements HeldFlowControl {

    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final PauseReasons reasons = new PauseReasons(this::setAutoRead);
    private volatile boolean paused;

    synchronized void opened(Channel channel) {
        channels.add(channel);
        channel.config().setAutoRead(!paused);
    }

    void closed(Channel channel) {
        channels.remove(channel);
    }

    private synchronized void setAutoRead(boolean pause) {
        paused = pause;
        for (Channel channel : channels) {
            channel.config().setAutoRead(!pause);
        }
    }

    @Override
    public FlowControl flow() {
        return reasons;
    }

    int connections() {
        return channels.size();
    }
}
