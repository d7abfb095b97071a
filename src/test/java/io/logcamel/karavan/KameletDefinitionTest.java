package io.logcamel.karavan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.catalog.RuntimeCamelCatalog;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kamelets are forms a Karavan user can fill in: every property has a title, a description
 * and a type; what the template uses is defined and what is defined is used; secrets are marked;
 * and a property passed straight to an option of one of our components agrees with that
 * component's metadata (title, type, allowed values, default) and sets no {@code default} of its
 * own, so the component's default and its {@code camel.component.*} setting still apply.
 */
class KameletDefinitionTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([A-Za-z][A-Za-z0-9]*)}}");
    private static final Pattern PASS_THROUGH = Pattern.compile("^\\s+([A-Za-z0-9]+): \"(?:RAW\\()?\\{\\{\\??\\1}}\\)?\"$", Pattern.MULTILINE);
    private static final Set<String> SECRET_WORDS = Set.of("password", "token", "secret");

    @Test
    void everyKameletIsACompleteForm() throws Exception {
        List<String> problems = new ArrayList<>();
        List<Path> kamelets = RouteFiles.kameletFiles();
        assertTrue(kamelets.size() >= 16, kamelets.toString());
        for (Path file : kamelets) {
            JsonNode kamelet = CamelYamlSchema.YAML.readTree(Files.readString(file));
            String name = kamelet.path("metadata").path("name").asText();
            check(problems, file, file.getFileName().toString().equals(name + ".kamelet.yaml"), "metadata.name is not the file name");
            check(problems, file, name.startsWith("logcamel-") && name.matches(".*-(source|sink|action)"), "name is not logcamel-*-source|sink|action");
            String type = kamelet.path("metadata").path("labels").path("camel.apache.org/kamelet.type").asText();
            check(problems, file, name.endsWith("-" + type), "label kamelet.type " + type + " does not match the name");
            JsonNode definition = kamelet.path("spec").path("definition");
            check(problems, file, !definition.path("title").asText().isBlank() && !definition.path("description").asText().isBlank(),
                    "definition without title or description");
            JsonNode properties = definition.path("properties");
            for (JsonNode required : definition.path("required")) {
                check(problems, file, properties.has(required.asText()), "required " + required + " is not a property");
            }
            String template = templateText(file);
            Set<String> used = new TreeSet<>();
            Matcher placeholder = PLACEHOLDER.matcher(template);
            while (placeholder.find()) {
                used.add(placeholder.group(1));
            }
            used.remove("routeId"); // given by the kamelet component itself
            // a template bean is named {{bean}}: the kamelet component gives it a name of its own per route
            kamelet.path("spec").path("template").path("beans").forEach(bean -> used.remove(bean.path("name").asText()));
            Set<String> defined = new TreeSet<>();
            properties.fieldNames().forEachRemaining(defined::add);
            check(problems, file, used.equals(defined), "the template uses " + used + " but defines " + defined);
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                JsonNode p = property.getValue();
                check(problems, file, !p.path("title").asText().isBlank() && !p.path("description").asText().isBlank()
                        && Set.of("string", "integer", "boolean").contains(p.path("type").asText()),
                        property.getKey() + " lacks a title, a description or a type");
                boolean secret = SECRET_WORDS.stream().anyMatch(property.getKey().toLowerCase()::contains);
                boolean marked = "password".equals(p.path("format").asText())
                        && p.path("x-descriptors").toString().contains("urn:camel:group:credentials");
                check(problems, file, secret == marked, property.getKey() + (secret ? " is a secret but not marked" : " is marked secret"));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void propertiesPassedToOurComponentsAgreeWithTheirMetadata() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        ObjectMapper json = new ObjectMapper();
        try (CamelContext context = new DefaultCamelContext()) {
            RuntimeCamelCatalog catalog = context.getCamelContextExtension().getContextPlugin(RuntimeCamelCatalog.class);
            for (Path file : RouteFiles.kameletFiles()) {
                JsonNode kamelet = CamelYamlSchema.YAML.readTree(Files.readString(file));
                JsonNode template = CamelYamlSchema.kameletAsRoutes(kamelet);
                Set<String> schemes = new HashSet<>();
                template.findValues("uri").forEach(uri -> schemes.add(uri.asText()));
                for (String scheme : schemes) {
                    String metadata = scheme.contains(":") ? null : catalog.componentJSonSchema(scheme);
                    if (metadata == null || !metadata.contains("\"groupId\": \"io.logcamel\"")) {
                        continue;
                    }
                    JsonNode options = json.readTree(metadata).path("properties");
                    JsonNode componentOptions = json.readTree(metadata).path("componentProperties");
                    Matcher passed = PASS_THROUGH.matcher(templateText(file));
                    while (passed.find()) {
                        String name = passed.group(1);
                        JsonNode option = options.path(name);
                        JsonNode property = kamelet.path("spec").path("definition").path("properties").path(name);
                        if (option.isMissingNode() || property.isMissingNode()) {
                            continue;
                        }
                        checked++;
                        String where = scheme + ":" + name;
                        check(problems, file, property.path("title").asText().equals(option.path("displayName").asText()),
                                where + " title is not " + option.path("displayName"));
                        String type = switch (option.path("type").asText()) {
                            case "integer" -> "integer";
                            case "boolean" -> "boolean";
                            default -> "string";
                        };
                        check(problems, file, type.equals(property.path("type").asText()), where + " type is not " + type);
                        check(problems, file, option.path("enum").equals(property.path("enum")), where + " enum is not " + option.path("enum"));
                        check(problems, file, !property.has("default"), where + " sets a default: Karavan would write it into"
                                + " every route, overriding the component's default"
                                + (componentOptions.has(name) ? " and its camel.component." + scheme + " setting" : ""));
                        String defaultValue = option.path("defaultValue").asText();
                        check(problems, file, defaultValue.isEmpty() || property.path("description").asText().contains("Default: " + defaultValue + "."),
                                where + " description does not say 'Default: " + defaultValue + ".'");
                        check(problems, file, option.path("required").asBoolean() == contains(kamelet.path("spec").path("definition").path("required"), name),
                                where + " required differs from the component's");
                    }
                }
            }
        }
        assertTrue(checked >= 80, "options checked: " + checked);
        assertEquals(List.of(), problems);
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (item.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String templateText(Path file) throws Exception {
        String text = Files.readString(file);
        return text.substring(text.indexOf("\n  template:"));
    }

    private static void check(List<String> problems, Path file, boolean ok, String problem) {
        if (!ok) {
            problems.add(file.getFileName() + ": " + problem);
        }
    }
}
