package io.logcamel.karavan;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.catalog.RuntimeCamelCatalog;
import org.apache.camel.impl.DefaultCamelContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Camel Karavan's own core library ({@code karavan-core} from npm, pinned in
 * {@code src/test/karavan/package-lock.json}) run with Node over files, as the Karavan editor
 * opens and saves them ({@code src/test/karavan/roundtrip.ts}). Karavan knows the components
 * whose descriptors it is given, as its editor knows the Apache Camel catalog, and the kamelets
 * of {@code routes/kamelets/}, as its {@code Karavan.kameletsPath} setting makes it.
 */
final class KaravanCore {

    static final Path PROJECT = Path.of("src", "test", "karavan").toAbsolutePath();
    private static final Pattern SCHEME = Pattern.compile("(?m)^\\s*(?:- )?(?:uri|to|from): \"?([a-z][a-z0-9-]*)(?=[:\"\\s]|$)");

    /** Which component descriptors Karavan is given. */
    enum Catalog {
        /** Apache Camel's components only: what a Karavan user has without anything of ours. */
        APACHE,
        /** Apache Camel's plus ours (the JSON camel-component-maven-plugin writes for tail:, logstore:, ...). */
        APACHE_AND_LOGCAMEL
    }

    private KaravanCore() {
    }

    /**
     * Reads each file and writes it back below {@code target} (same relative path); returns the
     * written files by source. A file Karavan could not read fails the call.
     */
    static Map<Path, Path> roundTrip(List<Path> files, Catalog catalog, Path target) throws Exception {
        Path descriptors = Files.createDirectories(target.resolve("descriptors"));
        List<String> components = new ArrayList<>();
        try (CamelContext context = new DefaultCamelContext()) {
            for (String scheme : schemes(files)) {
                String json = context.getCamelContextExtension().getContextPlugin(RuntimeCamelCatalog.class).componentJSonSchema(scheme);
                if (json == null) {
                    throw new IllegalStateException("no component descriptor on the classpath for " + scheme + ":");
                }
                boolean ours = json.contains("\"groupId\": \"io.logcamel\"");
                if (!ours || catalog == Catalog.APACHE_AND_LOGCAMEL) {
                    Path file = descriptors.resolve(scheme + ".json");
                    Files.writeString(file, json);
                    components.add(file.toAbsolutePath().toString());
                }
            }
        }
        Map<Path, Path> written = new LinkedHashMap<>();
        List<Map<String, String>> jobFiles = new ArrayList<>();
        for (Path file : files) {
            Path out = target.resolve(file.toString()).toAbsolutePath();
            written.put(file, out);
            jobFiles.add(Map.of("source", file.toAbsolutePath().toString(), "target", out.toString()));
        }
        Path job = target.resolve("job.json");
        new ObjectMapper().writeValue(job.toFile(), Map.of("components", components,
                "kamelets", RouteFiles.kameletFiles().stream().map(k -> k.toAbsolutePath().toString()).toList(),
                "files", jobFiles));
        String output = run(List.of(PROJECT.resolve("node_modules/.bin/tsx").toString(), "roundtrip.ts",
                job.toAbsolutePath().toString()));
        List<String> errors = output.lines().filter(line -> !line.startsWith("ok ")).toList();
        if (!errors.isEmpty()) {
            throw new AssertionError("karavan-core could not read every file:\n" + output);
        }
        return written;
    }

    /** The component schemes the files use, as Karavan looks them up. */
    private static Set<String> schemes(List<Path> files) throws IOException {
        Set<String> schemes = new LinkedHashSet<>();
        List<Path> all = new ArrayList<>(files);
        all.addAll(RouteFiles.kameletFiles());
        for (Path file : all) {
            Matcher matcher = SCHEME.matcher(Files.readString(file));
            while (matcher.find()) {
                schemes.add(matcher.group(1));
            }
        }
        return schemes;
    }

    /** Installs the pinned packages the first time (.ci/run does it too), then runs the command there. */
    private static synchronized String run(List<String> command) throws Exception {
        if (!Files.isDirectory(PROJECT.resolve("node_modules/karavan-core"))) {
            exec(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
        return exec(command, 120);
    }

    private static String exec(List<String> command, int timeoutSeconds) throws Exception {
        Path log = Files.createTempFile("karavan-core", ".log");
        Process process = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " in " + PROJECT + " failed (exit " + process.exitValue()
                    + "; Node.js and npm are needed, .ci/run installs them):\n" + output);
        }
        return output;
    }
}
