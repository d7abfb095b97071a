package io.logcamel.spool;

/**
 * A record handed out for replay: it stays in the spool, and is handed out again after a
 * restart, until {@link SpoolStore#acknowledge(SpoolEntry)} is called with it.
 *
 * @param offset spool offset of the record's frame
 * @param nextOffset offset just after it: the acknowledged position once it is delivered
 */
public record SpoolEntry(long offset, long nextOffset, SpoolRecord record) {
}
