package io.logcamel.karavan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Camel's YAML DSL JSON schema ({@code schema/camelYamlDsl.json} in the camel-yaml-dsl jar, the
 * one Karavan and the Camel tooling validate with), applied to a route file, or to the route and
 * beans a kamelet's {@code spec.template} holds.
 */
final class CamelYamlSchema {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Schema SCHEMA = load();

    private CamelYamlSchema() {
    }

    private static Schema load() {
        try (InputStream in = CamelYamlSchema.class.getClassLoader().getResourceAsStream("schema/camelYamlDsl.json")) {
            if (in == null) {
                throw new IllegalStateException("schema/camelYamlDsl.json is not on the classpath (camel-yaml-dsl)");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schema's complaints about a file; none for a valid one. */
    static List<String> errors(Path file) throws IOException {
        return errors(file.getFileName().toString().endsWith(".kamelet.yaml")
                ? kameletAsRoutes(YAML.readTree(Files.readString(file)))
                : YAML.readTree(Files.readString(file)));
    }

    static List<String> errors(JsonNode routes) {
        return SCHEMA.validate(routes).stream().map(Error::toString).toList();
    }

    /** A kamelet's template as the route file it stands for: its beans and its one route. */
    static ArrayNode kameletAsRoutes(JsonNode kamelet) {
        JsonNode template = kamelet.path("spec").path("template");
        ArrayNode routes = YAML.createArrayNode();
        if (template.has("beans")) {
            routes.addObject().set("beans", template.get("beans"));
        }
        ObjectNode route = template.has("route") ? (ObjectNode) template.get("route").deepCopy()
                : YAML.createObjectNode().set("from", template.get("from"));
        routes.addObject().set("route", route);
        return routes;
    }
}
