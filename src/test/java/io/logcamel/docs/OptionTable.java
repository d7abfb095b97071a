package io.logcamel.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The Markdown table of a component's endpoint options, from the component metadata that
 * camel-component-maven-plugin writes at build time ({@code META-INF/io/logcamel/.../<scheme>.json}):
 * one row per option with its default and its description (the option's javadoc).
 *
 * <p>{@code label} picks options by their {@code @UriParam(label)}: {@code label=regex} the
 * options labelled regex, {@code label=-} those without a label.
 */
record OptionTable(String scheme, String label) {

    /** Camel's own options of every endpoint, documented by Camel. */
    private static final Set<String> CAMEL_OPTIONS = Set.of("lazyStartProducer", "bridgeErrorHandler", "exceptionHandler",
            "exchangePattern");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("\\{code ([^}]*)}");

    /** Parses the arguments of a marker: {@code tail} or {@code parse label=regex}. */
    static OptionTable parse(String arguments) {
        String[] words = arguments.trim().split("\\s+");
        String label = null;
        for (String word : Arrays.copyOfRange(words, 1, words.length)) {
            if (!word.startsWith("label=")) {
                throw new IllegalArgumentException("unknown argument '" + word + "' in the marker 'options: " + arguments + "'");
            }
            label = word.substring("label=".length());
        }
        return new OptionTable(words[0], label);
    }

    String render(String metadataJson) throws Exception {
        JsonNode options = JSON.readTree(metadataJson).path("properties");
        List<String> lines = new ArrayList<>();
        lines.add("| option | default | meaning |");
        lines.add("| --- | --- | --- |");
        options.fields().forEachRemaining(entry -> {
            JsonNode option = entry.getValue();
            if (CAMEL_OPTIONS.contains(entry.getKey()) || !selected(option.path("label").asText())) {
                return;
            }
            String name = "`" + entry.getKey() + "`" + ("path".equals(option.path("kind").asText()) ? " (path)" : "");
            String defaultValue = option.path("required").asBoolean() ? "required"
                    : option.has("defaultValue") && !option.path("defaultValue").asText().isEmpty()
                    ? "`" + option.path("defaultValue").asText() + "`" : "";
            // the metadata generator keeps javadoc's {@code x} as {code x}
            String meaning = CODE.matcher(option.path("description").asText()).replaceAll("`$1`");
            if (option.has("enum") && !meaning.contains(option.path("enum").get(0).asText())) {
                List<String> values = new ArrayList<>();
                option.path("enum").forEach(value -> values.add("`" + value.asText() + "`"));
                meaning += " One of " + String.join(", ", values) + ".";
            }
            if ("duration".equals(option.path("type").asText())) {
                meaning += " Milliseconds, or a duration such as `10s`.";
            }
            lines.add("| " + name + " | " + defaultValue + " | " + meaning.replace("|", "\\|") + " |");
        });
        if (lines.size() == 2) {
            throw new IllegalArgumentException(scheme + ": no option has the label " + label);
        }
        return String.join("\n", lines);
    }

    private boolean selected(String optionLabel) {
        if (label == null) {
            return true;
        }
        List<String> labels = optionLabel.isEmpty() ? List.of() : Arrays.asList(optionLabel.split(","));
        return "-".equals(label) ? labels.isEmpty() : labels.contains(label);
    }
}
