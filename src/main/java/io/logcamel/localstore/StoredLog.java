package io.logcamel.localstore;

/** One log as kept by {@link LogTable}: tags and contents are JSON objects in their original order. */
record StoredLog(long sequence, long time, int timeNanos, String topic, String source, String tagsJson,
                 String contentsJson) {
}
