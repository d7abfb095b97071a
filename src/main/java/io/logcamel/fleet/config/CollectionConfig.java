package io.logcamel.fleet.config;

import java.util.Objects;

/**
 * One collection config: a Camel YAML DSL route file under a name. The name owns the routes the
 * file defines (and through the route and tail names, their checkpoints); {@code origin} is what
 * an error message names as the file (a path in {@code routes/}, or the config server's name and
 * version).
 *
 * @param version the config server's version; 0 for a local file, which has none
 */
public record CollectionConfig(String name, long version, String yaml, String origin) {

    public CollectionConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(origin, "origin");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a collection config needs a name (" + origin + ")");
        }
    }
}
