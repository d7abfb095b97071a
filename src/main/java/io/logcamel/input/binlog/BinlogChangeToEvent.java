package io.logcamel.input.binlog;

import io.logcamel.event.LogEvent;
import io.logcamel.input.batch.BatchConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.debezium.DebeziumConstants;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.connect.data.Struct;

import java.util.Map;

/**
 * The step after a {@code debezium-mysql} consumer: one change record into one {@link LogEvent}
 * with {@code op} ({@code insert}, {@code update}, {@code delete}, {@code read} for snapshot rows,
 * {@code ddl} for schema changes), {@code database}, {@code table}, {@code before.<column>} and
 * {@code after.<column>}, {@code binlog_file}, {@code binlog_pos}, {@code gtid} (when the server
 * uses them), {@code server_id}, {@code ddl}; the log time is the change's time in the binlog.
 *
 * <p>Every record becomes an event (none is filtered here) because each one takes a sequence
 * number from the {@link BinlogDeliveryTracker} that the offset store waits on; it travels as the
 * event's {@link BatchConstants#POSITION}, so the {@code batch:} it joins knows its range.
 */
public class BinlogChangeToEvent extends ServiceSupport implements Processor {

    private String offsetFile;
    private BinlogDeliveryTracker tracker;

    @Override
    protected void doStart() {
        if (offsetFile == null || offsetFile.isBlank()) {
            throw new IllegalArgumentException("binlogChangeToEvent needs offsetFile, the endpoint's offsetStorageFileName");
        }
        tracker = BinlogDeliveryTracker.forOffsetFile(offsetFile);
        tracker.reset(); // whatever an earlier run of the route had in flight is gone with it
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        @SuppressWarnings("unchecked")
        Map<String, Object> source = message.getHeader(DebeziumConstants.HEADER_SOURCE_METADATA, Map.class);
        Object changeMillis = source == null ? null : source.get("ts_ms");
        long millis = changeMillis instanceof Number n ? n.longValue() : System.currentTimeMillis();
        LogEvent event = new LogEvent(Math.floorDiv(millis, 1000L), (int) Math.floorMod(millis, 1000L) * 1_000_000);
        String ddl = message.getHeader(DebeziumConstants.HEADER_DDL_SQL, String.class);
        String op = ddl != null ? "ddl" : operation(message.getHeader(DebeziumConstants.HEADER_OPERATION, String.class));
        event.add("op", op);
        if (source != null) {
            addIfPresent(event, "database", source.get("db"));
            addIfPresent(event, "table", source.get("table"));
            addIfPresent(event, "binlog_file", source.get("file"));
            addIfPresent(event, "binlog_pos", source.get("pos"));
            addIfPresent(event, "binlog_row", source.get("row"));
            addIfPresent(event, "gtid", source.get("gtid"));
            addIfPresent(event, "server_id", source.get("server_id"));
        }
        if (ddl != null) {
            event.add("ddl", ddl);
        }
        ColumnValues.add(event, "before.", message.getHeader(DebeziumConstants.HEADER_BEFORE, Struct.class));
        Object body = message.getBody();
        if (ddl == null && body instanceof Struct after) {
            ColumnValues.add(event, "after.", after);
        }
        exchange.setProperty(BatchConstants.POSITION, new BinlogSequence(tracker.assign()));
        message.setBody(event);
    }

    private static String operation(String code) {
        if (code == null) {
            return "unknown";
        }
        return switch (code) {
            case "c" -> "insert";
            case "u" -> "update";
            case "d" -> "delete";
            case "r" -> "read";
            case "t" -> "truncate";
            default -> code;
        };
    }

    private static void addIfPresent(LogEvent event, String key, Object value) {
        if (value != null && !value.toString().isEmpty()) {
            event.add(key, value.toString());
        }
    }

    public String getOffsetFile() {
        return offsetFile;
    }

    /** The same file as the endpoint's {@code offsetStorageFileName}: it pairs this step with the offset store. */
    public void setOffsetFile(String offsetFile) {
        this.offsetFile = offsetFile;
    }
}
