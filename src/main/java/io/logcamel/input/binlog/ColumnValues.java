package io.logcamel.input.binlog;

import io.logcamel.event.LogEvent;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Base64;

/**
 * Row images (Debezium {@code before}/{@code after} structs) into {@code prefix.column} fields.
 * Debezium's temporal logical types arrive as numbers (days, epoch millis or micros); they are
 * written back as the ISO text a reader expects. SQL NULLs are left out.
 */
final class ColumnValues {

    private ColumnValues() {
    }

    static void add(LogEvent event, String prefix, Struct row) {
        if (row == null) {
            return;
        }
        for (Field field : row.schema().fields()) {
            Object value = row.get(field);
            if (value != null) {
                event.add(prefix + field.name(), text(field.schema(), value));
            }
        }
    }

    static String text(Schema schema, Object value) {
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case "io.debezium.time.Date", "org.apache.kafka.connect.data.Date" -> {
                    return value instanceof Number days ? LocalDate.ofEpochDay(days.longValue()).toString() : value.toString();
                }
                case "io.debezium.time.Timestamp" -> {
                    return isoLocal(Instant.ofEpochMilli(((Number) value).longValue()));
                }
                case "io.debezium.time.MicroTimestamp" -> {
                    long micros = ((Number) value).longValue();
                    return isoLocal(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L));
                }
                case "io.debezium.time.MicroTime" -> {
                    return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1000L).toString();
                }
                default -> {
                    // ZonedTimestamp, Json, Enum and friends are already text.
                }
            }
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }

    /** DATETIME has no zone: Debezium encodes it as if it were UTC, so it is printed back in UTC. */
    private static String isoLocal(Instant instant) {
        return instant.toString().replace('T', ' ').replace("Z", "");
    }
}
