package io.logcamel.localstore;

import java.util.List;

/** One log as read back: contents as key/value pairs in their original order, tags as a JSON object. */
record StoredLog(long sequence, long time, int timeNanos, String topic, String source, String tagsJson,
                 List<String[]> contents) {
}
