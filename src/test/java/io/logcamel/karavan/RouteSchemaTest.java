package io.logcamel.karavan;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every route file and kamelet template is valid against Camel's YAML DSL JSON schema. */
class RouteSchemaTest {

    @Test
    void everyRouteAndKameletFileIsValidCamelYamlDsl() throws Exception {
        List<Path> files = new ArrayList<>(RouteFiles.routeFiles());
        files.addAll(RouteFiles.kameletFiles());
        assertTrue(files.size() >= 45, files.toString());
        List<String> invalid = new ArrayList<>();
        for (Path file : files) {
            List<String> errors = CamelYamlSchema.errors(file);
            if (!errors.isEmpty()) {
                invalid.add(file + ": " + errors);
            }
        }
        assertEquals(List.of(), invalid);
    }

    /** The check itself: what Camel would refuse, the schema refuses, naming the place. */
    @Test
    void theSchemaRefusesAMisspelledStepAndAnUnknownOption() throws Exception {
        List<String> errors = CamelYamlSchema.errors(CamelYamlSchema.YAML.readTree("""
                - route:
                    from:
                      uri: timer:t
                      steps:
                        - too:
                            uri: log:x
                        - to:
                            uri: log:y
                            paramters: {level: INFO}
                """));
        assertTrue(errors.stream().anyMatch(e -> e.contains("too")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("paramters")), errors.toString());
    }
}
