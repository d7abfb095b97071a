package io.logcamel.parse.fields;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.parse.BatchStep;

/** Adds a static field (or tag) to every event. */
final class AddStatic implements BatchStep {

    private final String key;
    private final String value;
    private final boolean asTag;
    private final boolean overwrite;
    private final FieldsCounters counters;

    AddStatic(String key, String value, boolean asTag, boolean overwrite, FieldsCounters counters) {
        this.key = key;
        this.value = value;
        this.asTag = asTag;
        this.overwrite = overwrite;
        this.counters = counters;
    }

    @Override
    public void apply(LogBatch batch) {
        long changed = 0;
        for (LogEvent event : batch.events()) {
            if (asTag) {
                if (overwrite || event.tag(key) == null) {
                    event.putTag(key, value);
                    changed++;
                }
            } else if (overwrite || event.get(key) == null) {
                event.put(key, value);
                changed++;
            }
        }
        counters.add(changed, 0, 0);
    }
}
