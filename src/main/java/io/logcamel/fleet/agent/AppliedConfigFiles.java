package io.logcamel.fleet.agent;

import io.logcamel.checkpoint.DurableFiles;
import io.logcamel.fleet.config.CollectionConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The last applied version of every server config on local disk ({@code <name>.v<version>.camel.yaml}
 * in one directory), written atomically (temp file, fsync, rename), so that an agent restarted
 * while the config server is unreachable runs what it ran before.
 */
public final class AppliedConfigFiles {

    private final Path directory;

    public AppliedConfigFiles(Path directory) {
        this.directory = directory;
    }

    public synchronized void save(CollectionConfig config) throws IOException {
        Files.createDirectories(directory);
        Path target = directory.resolve(config.name() + ".v" + config.version() + ".camel.yaml");
        Path temp = directory.resolve("." + config.name() + ".tmp");
        DurableFiles.writeAndSync(temp, config.yaml().getBytes(StandardCharsets.UTF_8));
        DurableFiles.replace(temp, target);
        for (Path old : files()) {
            if (nameOf(old).equals(config.name()) && !old.equals(target)) {
                Files.deleteIfExists(old);
            }
        }
    }

    public synchronized void delete(String name) throws IOException {
        for (Path file : files()) {
            if (nameOf(file).equals(name)) {
                Files.deleteIfExists(file);
            }
        }
    }

    public synchronized List<CollectionConfig> load() throws IOException {
        List<CollectionConfig> configs = new ArrayList<>();
        for (Path file : files()) {
            String base = file.getFileName().toString().replace(".camel.yaml", "");
            int v = base.lastIndexOf(".v");
            long version = Long.parseLong(base.substring(v + 2));
            configs.add(new CollectionConfig(base.substring(0, v), version, Files.readString(file),
                    "config server " + base.substring(0, v) + " v" + version));
        }
        return configs;
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(directory)) {
            return list.filter(p -> p.getFileName().toString().matches(".+\\.v-?\\d+\\.camel\\.yaml")).sorted().toList();
        }
    }

    private static String nameOf(Path file) {
        String base = file.getFileName().toString().replace(".camel.yaml", "");
        return base.substring(0, base.lastIndexOf(".v"));
    }
}
