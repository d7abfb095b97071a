package io.logcamel.karavan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The project's route and kamelet files, as a user finds them in {@code routes/}. */
final class RouteFiles {

    static final Path ROUTES = Path.of("routes");
    static final Path KAMELETS = ROUTES.resolve("kamelets");
    static final Path TWINS = ROUTES.resolve("examples").resolve("kamelets");

    private RouteFiles() {
    }

    /** Every {@code *.camel.yaml} under {@code routes/}: the collection configs, the examples and their twins. */
    static List<Path> routeFiles() {
        return find(ROUTES, ".camel.yaml");
    }

    /** Every {@code *.kamelet.yaml} of {@code routes/kamelets/}. */
    static List<Path> kameletFiles() {
        return find(KAMELETS, ".kamelet.yaml");
    }

    /** The kamelet twins of the examples ({@code routes/examples/kamelets/}). */
    static List<Path> twinFiles() {
        return find(TWINS, ".camel.yaml");
    }

    /** The route files that are not kamelet twins: the demo and the examples written with our components. */
    static List<Path> componentRouteFiles() {
        return routeFiles().stream().filter(file -> !file.startsWith(TWINS)).toList();
    }

    private static List<Path> find(Path root, String suffix) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
