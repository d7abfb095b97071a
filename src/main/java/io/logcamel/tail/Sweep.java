package io.logcamel.tail;

import java.util.List;

/**
 * What one discovery sweep found: every matching file at the moment of the sweep.
 *
 * @param initial true for the first sweep after start: only then may pre-existing files start at
 *                their end, and only then are files rotated while the agent was stopped searched for
 */
record Sweep(List<FileSeen> files, boolean initial) {
}
