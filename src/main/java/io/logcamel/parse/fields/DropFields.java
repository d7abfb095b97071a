package io.logcamel.parse.fields;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.parse.BatchStep;

/** Removes the named fields from every event. */
final class DropFields implements BatchStep {

    private final String[] keys;
    private final FieldsCounters counters;

    DropFields(String[] keys, FieldsCounters counters) {
        this.keys = keys;
        this.counters = counters;
    }

    @Override
    public void apply(LogBatch batch) {
        long changed = 0;
        for (LogEvent event : batch.events()) {
            boolean any = false;
            for (String key : keys) {
                while (event.remove(key) != null) {
                    any = true;
                }
            }
            if (any) {
                changed++;
            }
        }
        counters.add(changed, 0, 0);
    }
}
