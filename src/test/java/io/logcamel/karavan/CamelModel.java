package io.logcamel.karavan;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RoutesDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.URISupport;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Camel makes of a route or kamelet file, as text two files can be compared by: the routes
 * (or the kamelet's route template) as Camel's own XML dumper writes the loaded model, every
 * endpoint URI normalized (query options sorted), plus the beans as data. Two files with equal
 * models run the same routes with the same endpoints and beans.
 *
 * <p>Beans are compared as data, not loaded: loading would create them, and most example beans
 * need the settings of a running agent. Karavan's generated element ids ({@code to-3f2a}) are
 * left out: Camel generates its own where a file has none.
 */
record CamelModel(String routes, String beans) {

    private static final Pattern KARAVAN_ID = Pattern.compile("[a-zA-Z]+-[0-9a-f]{4}");
    private static final Pattern URI_ATTRIBUTE = Pattern.compile("((?:uri|deadLetterUri)=\")([^\"]*)(\")");

    static CamelModel of(Path file) throws Exception {
        Object document = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        Object beans;
        Object routes;
        boolean kamelet = file.getFileName().toString().endsWith(".kamelet.yaml");
        if (kamelet) {
            @SuppressWarnings("unchecked")
            Map<String, Object> template = (Map<String, Object>) ((Map<?, ?>) ((Map<?, ?>) document).get("spec")).get("template");
            beans = withoutKaravanIds(template.remove("beans"));
            routes = withoutKaravanIds(document);
        } else {
            List<Object> others = new ArrayList<>();
            List<Object> beanList = new ArrayList<>();
            for (Object item : (List<?>) document) {
                Object declared = ((Map<?, ?>) item).get("beans");
                if (declared != null) {
                    beanList.addAll((List<?>) declared);
                } else {
                    others.add(withoutKaravanIds(item));
                }
            }
            beans = withoutKaravanIds(beanList);
            routes = others;
        }
        String yaml = new Dump(DumpSettings.builder().build()).dumpToString(routes);
        try (CamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString(
                    kamelet ? file.getFileName().toString() : "model.camel.yaml", yaml));
            ModelCamelContext model = (ModelCamelContext) context;
            String dump;
            if (kamelet) {
                StringBuilder text = new StringBuilder();
                for (RouteTemplateDefinition template : model.getRouteTemplateDefinitions()) {
                    text.append("template ").append(template.getId()).append(' ')
                            .append(template.getTemplateParameters().stream()
                                    .map(p -> p.getName() + "=" + p.getDefaultValue() + (p.isRequired() ? "!" : "")).toList())
                            .append('\n').append(dump(context, List.of(template.getRoute())));
                }
                dump = text.toString();
            } else {
                dump = dump(context, model.getRouteDefinitions());
            }
            return new CamelModel(normalizeUris(dump), canonical(beans));
        }
    }

    private static String dump(CamelContext context, List<RouteDefinition> routes) throws Exception {
        RoutesDefinition definitions = new RoutesDefinition();
        definitions.setRoutes(new ArrayList<>(routes));
        return PluginHelper.getModelToXMLDumper(context).dumpModelAsXml(context, definitions, false, false, false);
    }

    /** Every endpoint URI with its options sorted: {@code a?y=1&x=2} and {@code a?x=2&y=1} are one endpoint. */
    private static String normalizeUris(String dump) throws Exception {
        Matcher matcher = URI_ATTRIBUTE.matcher(dump);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String uri = matcher.group(2).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&apos;", "'").replace("&amp;", "&");
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + URISupport.normalizeUri(uri)
                    + matcher.group(3)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Removes the ids Karavan gives every element it reads ({@code from-1a2b}); keeps the ids a user wrote. */
    private static Object withoutKaravanIds(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> {
                if (!("id".equals(key) && value instanceof String id && KARAVAN_ID.matcher(id).matches())) {
                    copy.put(key, withoutKaravanIds(value));
                }
            });
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(CamelModel::withoutKaravanIds).toList();
        }
        return node;
    }

    /** Beans as sorted text: key order and scalar types ({@code 5} vs {@code "5"}) do not change a bean. */
    private static String canonical(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, String> sorted = new TreeMap<>();
            map.forEach((key, value) -> sorted.put(String.valueOf(key), canonical(value)));
            return sorted.toString();
        }
        if (node instanceof List<?> list) {
            return list.stream().map(CamelModel::canonical).toList().toString();
        }
        return String.valueOf(node);
    }
}
