package io.logcamel.parse.fields;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.parse.BatchStep;

import java.util.Set;

/** Removes every field whose name is not in the list. */
final class KeepFields implements BatchStep {

    private final Set<String> keys;
    private final FieldsCounters counters;

    KeepFields(String[] keys, FieldsCounters counters) {
        this.keys = Set.of(keys);
        this.counters = counters;
    }

    @Override
    public void apply(LogBatch batch) {
        long changed = 0;
        for (LogEvent event : batch.events()) {
            boolean any = false;
            for (int i = event.size() - 1; i >= 0; i--) {
                String key = event.key(i);
                if (!keys.contains(key)) {
                    event.remove(key);
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
