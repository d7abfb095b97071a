package io.logcamel.parse.fields;

/** What a {@code fields:} endpoint does to every event of a batch. */
public enum FieldsAction {
    /** Remove the fields named in keys. */
    drop,
    /** Remove every field not named in keys. */
    keep,
    /** Rename fields: mapping=old:new,old2:new2. */
    rename,
    /** Add a static field key=value. */
    add,
    /** Add a static tag key=value (shipped as a LogGroup tag). */
    tag,
    /** Replace regex matches in a field, e.g. passwords, tokens, card numbers. */
    mask
}
