package io.logcamel.fleet.config;

/** Where a collection config stands in the running agent; the names and numbers are the protocol's. */
public enum ConfigStatus {
    UNSET, APPLYING, APPLIED, FAILED
}
