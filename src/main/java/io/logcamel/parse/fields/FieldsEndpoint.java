package io.logcamel.parse.fields;

import io.logcamel.metrics.MeterScope;
import io.logcamel.metrics.Metered;
import io.logcamel.parse.BatchStep;
import io.logcamel.parse.BatchStepEndpoint;
import io.logcamel.parse.KeyList;
import io.logcamel.parse.OptionException;
import io.logcamel.parse.regex.PortableRegex;
import org.apache.camel.Category;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

import java.util.List;

/**
 * Edits the fields of every event of a batch: {@code fields:drop?keys=a,b},
 * {@code fields:keep?keys=a,b}, {@code fields:rename?mapping=old:new},
 * {@code fields:add?key=env&value=prod}, {@code fields:tag?key=team&value=web},
 * {@code fields:mask?key=content&pattern=...&replacement=***}.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "fields", title = "Fields", syntax = "fields:action",
        producerOnly = true, remote = false, category = {Category.TRANSFORMATION})
public class FieldsEndpoint extends BatchStepEndpoint<BatchStep> implements Metered {

    /** drop, keep, rename, add, tag or mask. */
    @UriPath
    @Metadata(required = true)
    private FieldsAction action;

    /** drop/keep: comma-separated field names. */
    @UriParam(label = "drop,keep")
    private String keys;

    /** rename: comma-separated old:new pairs. */
    @UriParam(label = "rename")
    private String mapping;

    /** add/tag: the field or tag name. mask: the field to mask (default content). */
    @UriParam(label = "add,tag,mask")
    private String key;

    /** add/tag: the value. */
    @UriParam(label = "add,tag")
    private String value;

    /** add/tag: replace an existing field or tag of the same name. */
    @UriParam(label = "add,tag", defaultValue = "false")
    private boolean overwrite;

    /** mask: the regex whose matches are replaced (found anywhere in the value). */
    @UriParam(label = "mask")
    private String pattern;

    /** mask: what each match becomes; $1 or ${name} keep a group of the match. */
    @UriParam(label = "mask", defaultValue = "***")
    private String replacement = "***";

    /** mask: regex character reads allowed per character of a value (plus 4096); past it the whole value is replaced. */
    @UriParam(label = "mask", defaultValue = "1000")
    private int regexBudget = 1000;

    private final FieldsCounters counters = new FieldsCounters();

    public FieldsEndpoint(String uri, FieldsComponent component, FieldsAction action) {
        super(uri, component, "fields");
        this.action = action;
    }

    public FieldsCounters getCounters() {
        return counters;
    }

    @Override
    public void bindMeters(MeterScope scope) {
        scope.counter("logcamel.fields.changed", "events in which a field was dropped, renamed, added or masked",
                        counters, FieldsCounters::getEventsChanged)
                .counter("logcamel.fields.masked", "events in which the mask replaced a match", counters,
                        FieldsCounters::getMasked)
                .counter("logcamel.fields.cut.off", "values whose masking regex exceeded its work budget", counters,
                        FieldsCounters::getCutOff);
    }

    @Override
    protected BatchStep compileStep() {
        switch (action) {
            case drop:
                return new DropFields(KeyList.split("keys", keys), counters);
            case keep:
                return new KeepFields(KeyList.split("keys", keys), counters);
            case rename:
                return rename();
            case add:
            case tag:
                require("key", key);
                if (value == null) {
                    throw new OptionException("value", "a value is required (it may be empty)");
                }
                return new AddStatic(key, value, action == FieldsAction.tag, overwrite, counters);
            case mask:
                return mask();
            default:
                throw new OptionException("action", "unknown action " + action);
        }
    }

    private BatchStep rename() {
        String[] pairs = KeyList.split("mapping", mapping);
        String[] from = new String[pairs.length];
        String[] to = new String[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            int colon = pairs[i].indexOf(':');
            if (colon <= 0 || colon == pairs[i].length() - 1) {
                throw new OptionException("mapping", "'" + pairs[i] + "' is not old:new");
            }
            from[i] = pairs[i].substring(0, colon).trim();
            to[i] = pairs[i].substring(colon + 1).trim();
        }
        return new RenameFields(from, to, counters);
    }

    private BatchStep mask() {
        require("pattern", pattern);
        if (regexBudget < 1) {
            throw new OptionException("regexBudget", "must be at least 1, got " + regexBudget);
        }
        PortableRegex compiled = PortableRegex.compile("pattern", pattern);
        String javaReplacement = compiled.javaReplacement("replacement", replacement == null ? "" : replacement);
        return new MaskField(key == null || key.isEmpty() ? "content" : key, compiled.pattern(),
                javaReplacement, regexBudget, counters);
    }

    private static void require(String option, String text) {
        if (text == null || text.isEmpty()) {
            throw new OptionException(option, "is required");
        }
    }

    public FieldsAction getAction() {
        return action;
    }

    public void setAction(FieldsAction action) {
        this.action = action;
    }

    public String getKeys() {
        return keys;
    }

    public void setKeys(String keys) {
        this.keys = keys;
    }

    public String getMapping() {
        return mapping;
    }

    public void setMapping(String mapping) {
        this.mapping = mapping;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    public boolean isOverwrite() {
        return overwrite;
    }

    public void setOverwrite(boolean overwrite) {
        this.overwrite = overwrite;
    }

    public String getPattern() {
        return pattern;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public String getReplacement() {
        return replacement;
    }

    public void setReplacement(String replacement) {
        this.replacement = replacement;
    }

    public int getRegexBudget() {
        return regexBudget;
    }

    public void setRegexBudget(int regexBudget) {
        this.regexBudget = regexBudget;
    }

}
