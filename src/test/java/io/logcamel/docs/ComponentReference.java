package io.logcamel.docs;

import org.apache.camel.CamelContext;
import org.apache.camel.catalog.RuntimeCamelCatalog;
import org.apache.camel.impl.DefaultCamelContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The option tables of the docs, generated from the component metadata. A table stands between
 * two markers, which a reader of the Markdown does not see:
 * <pre>
 * &lt;!-- options: parse label=regex --&gt;
 * | option | default | meaning |
 * ...
 * &lt;!-- end of options --&gt;
 * </pre>
 * Everything outside the markers is hand-written prose and stays as it is.
 */
final class ComponentReference {

    static final Pattern BLOCK = Pattern.compile("(<!-- options: ([^>]*?) -->\\n)(.*?)(<!-- end of options -->)", Pattern.DOTALL);

    private ComponentReference() {
    }

    /** README.md and docs/*.md. */
    static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        documents.add(Path.of("README.md"));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /** The document with every generated table rendered from the metadata of now. */
    static String regenerate(String document, CamelContext context) throws Exception {
        RuntimeCamelCatalog catalog = context.getCamelContextExtension().getContextPlugin(RuntimeCamelCatalog.class);
        Matcher block = BLOCK.matcher(document);
        StringBuilder out = new StringBuilder();
        while (block.find()) {
            OptionTable table = OptionTable.parse(block.group(2));
            String metadata = catalog.componentJSonSchema(table.scheme());
            if (metadata == null) {
                throw new IllegalArgumentException("no component metadata for '" + table.scheme() + ":' (marker '" + block.group(2) + "')");
            }
            block.appendReplacement(out, Matcher.quoteReplacement(block.group(1) + table.render(metadata) + "\n" + block.group(4)));
        }
        block.appendTail(out);
        return out.toString();
    }

    /** Rewrites the tables of every document in place: {@code ... -Dlogcamel.docs.update=true}. */
    static void updateAll() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            for (Path document : documents()) {
                String text = Files.readString(document);
                String generated = regenerate(text, context);
                if (!generated.equals(text)) {
                    Files.writeString(document, generated);
                }
            }
        }
    }
}
