package io.logcamel.parse.fields;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.parse.BatchStep;

/** Renames fields; a field renamed onto an existing name replaces that field's value. */
final class RenameFields implements BatchStep {

    private final String[] from;
    private final String[] to;
    private final FieldsCounters counters;

    RenameFields(String[] from, String[] to, FieldsCounters counters) {
        this.from = from;
        this.to = to;
        this.counters = counters;
    }

    @Override
    public void apply(LogBatch batch) {
        long changed = 0;
        for (LogEvent event : batch.events()) {
            boolean any = false;
            for (int i = 0; i < from.length; i++) {
                String value = event.remove(from[i]);
                if (value != null) {
                    event.put(to[i], value);
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
