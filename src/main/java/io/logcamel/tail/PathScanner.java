package io.logcamel.tail;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Finds the files of a collection config: walks each base directory up to a maximum depth, keeps
 * regular files whose relative path matches an include glob and no exclude glob, and does not
 * descend into excluded directories. Symbolic links are followed (Kubernetes log directories are
 * links); loops are skipped.
 *
 * <p>An exclude starting with {@code /} is matched against the absolute path, any other against
 * the path relative to the base directory.
 */
public final class PathScanner {

    private final List<Path> baseDirectories;
    private final List<GlobPattern> includes;
    private final List<GlobPattern> excludes;
    private final int maxDepth;
    private Predicate<Path> accepts = file -> true;

    public PathScanner(List<Path> baseDirectories, List<String> includes, List<String> excludes, int maxDepth) {
        this.baseDirectories = List.copyOf(baseDirectories);
        this.includes = includes.stream().map(GlobPattern::compile).toList();
        this.excludes = excludes.stream().map(GlobPattern::compile).toList();
        this.maxDepth = maxDepth;
    }

    /** A further test each matching file must pass (for example the pod filters of container logs). */
    public PathScanner filter(Predicate<Path> filter) {
        this.accepts = filter;
        return this;
    }

    /** Every matching regular file, in a stable order. Missing base directories are skipped. */
    public Set<Path> scan(Consumer<Path> directoryVisited) {
        Set<Path> found = new LinkedHashSet<>();
        for (Path base : baseDirectories) {
            if (!Files.isDirectory(base)) {
                continue;
            }
            try {
                Files.walkFileTree(base, EnumSet.of(FileVisitOption.FOLLOW_LINKS), maxDepth + 1, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (!dir.equals(base) && isExcluded(base, dir)) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        directoryVisited.accept(dir);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile() && isIncluded(base, file) && !isExcluded(base, file) && accepts.test(file)) {
                            found.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException exc) {
                        // vanished mid-walk, permission denied, or a link loop: not worth stopping the sweep
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // the base directory went away mid-walk; the next sweep tries again
            }
        }
        return found;
    }

    private boolean isIncluded(Path base, Path file) {
        String relative = relative(base, file);
        for (GlobPattern include : includes) {
            if (include.matches(relative)) {
                return true;
            }
        }
        return false;
    }

    private boolean isExcluded(Path base, Path path) {
        String relative = relative(base, path);
        String absolute = path.toAbsolutePath().toString();
        for (GlobPattern exclude : excludes) {
            String pattern = exclude.toString();
            if (pattern.startsWith("/") ? exclude.matches(absolute) : exclude.matches(relative)) {
                return true;
            }
        }
        return false;
    }

    private static String relative(Path base, Path path) {
        String relative = base.relativize(path).toString();
        return path.getFileSystem().getSeparator().equals("/") ? relative : relative.replace(path.getFileSystem().getSeparator(), "/");
    }
}
