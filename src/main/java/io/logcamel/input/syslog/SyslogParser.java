package io.logcamel.input.syslog;

import io.logcamel.event.LogEvent;
import io.logcamel.metrics.MeterScope;
import io.logcamel.metrics.Metered;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.netty.NettyConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The route step after a netty syslog listener: turns the received message (a UDP datagram's
 * bytes or a {@link SyslogFrame} from TCP) into a {@link LogEvent} body, adding the sender's
 * address as {@code client_ip}. Malformed messages become raw events and are counted (metrics
 * {@code logcamel.syslog.messages} and {@code logcamel.syslog.malformed} on {@code /q/metrics}); a
 * WARN names the first one of every minute so a bad sender is visible without flooding the log.
 */
public class SyslogParser implements Processor, CamelContextAware, Metered {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogParser.class);
    private static final long WARN_INTERVAL_NANOS = 60_000_000_000L;

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile long lastWarnNanos = System.nanoTime() - WARN_INTERVAL_NANOS;
    private SyslogMessageParser parser = new SyslogMessageParser(ZoneId.systemDefault());
    private String zone = ZoneId.systemDefault().getId();
    private String input = "syslog";
    private CamelContext camelContext;

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /**
     * Bound when the routes holding this parser start, so the meters read the instance the routes
     * use (registering at {@code setCamelContext} bound an instance the YAML DSL made and did not
     * use: the counters stayed at 0 while messages flowed).
     */
    @Override
    public void bindMeters(MeterScope scope) {
        scope.tag("input", input)
                .counter("logcamel.syslog.messages", "syslog messages received", messages, AtomicLong::doubleValue)
                .counter("logcamel.syslog.malformed", "syslog messages kept raw because they did not parse", malformed,
                        AtomicLong::doubleValue);
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** The {@code input} tag of this parser's metrics (default {@code syslog}); set it before the context starts. */
    public void setInput(String input) {
        this.input = input;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        byte[] bytes;
        boolean truncated = false;
        String frameError = null;
        if (body instanceof SyslogFrame frame) {
            bytes = frame.bytes();
            truncated = frame.truncated();
            frameError = frame.error();
        } else {
            bytes = message.getBody(byte[].class);
        }
        String text = trimTrailingNewline(new String(bytes == null ? new byte[0] : bytes, StandardCharsets.UTF_8));
        LogEvent event;
        if (frameError != null) {
            Instant now = Instant.now();
            event = new LogEvent(now.getEpochSecond(), now.getNano()).add(LogEvent.CONTENT, text)
                    .add(SyslogMessageParser.PARSE_ERROR, frameError);
        } else {
            event = parser.parse(text, Instant.now());
        }
        if (truncated) {
            event.add("truncated", "true");
        }
        String client = clientIp(message.getHeader(NettyConstants.NETTY_REMOTE_ADDRESS));
        if (client != null) {
            event.add("client_ip", client);
        }
        messages.incrementAndGet();
        if (event.get(SyslogMessageParser.PARSE_ERROR) != null) {
            countMalformed(event, client);
        }
        message.setBody(event);
    }

    private void countMalformed(LogEvent event, String client) {
        long count = malformed.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastWarnNanos >= WARN_INTERVAL_NANOS) {
            lastWarnNanos = now;
            LOG.warn("Malformed syslog message from {} kept raw ({} malformed so far): {}", client, count,
                    event.get(SyslogMessageParser.PARSE_ERROR));
        }
    }

    private static String trimTrailingNewline(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r' || text.charAt(end - 1) == 0)) {
            end--;
        }
        return end == text.length() ? text : text.substring(0, end);
    }

    private static String clientIp(Object address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
        }
        return address instanceof SocketAddress other ? other.toString() : null;
    }

    /** Messages parsed since start, malformed ones included. */
    public long messages() {
        return messages.get();
    }

    /** Messages kept raw because they did not parse. */
    public long malformed() {
        return malformed.get();
    }

    public String getZone() {
        return zone;
    }

    /** The time zone RFC 3164 timestamps are read in (they carry none); {@code SYSTEM} (default): the system's. */
    public void setZone(String zone) {
        try {
            this.parser = new SyslogMessageParser("SYSTEM".equals(zone) ? ZoneId.systemDefault() : ZoneId.of(zone));
            this.zone = zone;
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("logcamel.syslog.zone (syslogParser zone) is not a time zone: " + zone, e);
        }
    }
}
