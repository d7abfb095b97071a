package io.logcamel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags users start the agent with: those of the README's run command (the container
 * image, the DaemonSet and the systemd unit carry the same, which {@code SmallHeapOutageIT} and
 * {@code KubernetesManifestsTest} check). Packaged-agent tests start the agent with them, so that
 * what is tested is the memory and GC set-up that ships.
 */
public final class ShippedJvmFlags {

    private static final String RUN_COMMAND = "./mvnw -B -q package -DskipTests && java ";

    private ShippedJvmFlags() {
    }

    /** The README's flags, from {@code java} up to the first {@code -D} setting. */
    public static List<String> get() {
        try {
            String line = Files.readAllLines(Path.of("README.md")).stream().filter(l -> l.startsWith(RUN_COMMAND))
                    .findFirst().orElseThrow(() -> new IllegalStateException("README.md has no run command starting "
                            + RUN_COMMAND));
            List<String> flags = new ArrayList<>();
            for (String token : Arrays.asList(line.substring(RUN_COMMAND.length()).trim().split("\\s+"))) {
                if (token.startsWith("-D") || token.equals("-jar")) {
                    break;
                }
                flags.add(token);
            }
            return List.copyOf(flags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped flags with another maximum heap (a test that wants the agent to run short of memory). */
    public static List<String> withHeap(String maxHeap) {
        List<String> flags = new ArrayList<>(get().stream().filter(flag -> !flag.startsWith("-Xmx")).toList());
        flags.add("-Xmx" + maxHeap);
        return flags;
    }
}
