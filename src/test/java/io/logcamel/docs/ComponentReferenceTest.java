package io.logcamel.docs;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The option tables in README.md and docs/ are the component metadata of this build, and every
 * component of ours has one. A table out of date fails with the command that regenerates them:
 * {@code ./mvnw -B -q test -Dtest=ComponentReferenceTest -Dlogcamel.docs.update=true}.
 */
class ComponentReferenceTest {

    private static final Set<String> OUR_COMPONENTS = Set.of("logstore", "tail", "parse", "time", "filter", "fields", "spool", "batch");

    @Test
    void everyOptionTableIsTheComponentMetadata() throws Exception {
        if (Boolean.getBoolean("logcamel.docs.update")) {
            ComponentReference.updateAll();
        }
        List<String> stale = new ArrayList<>();
        Set<String> documented = new TreeSet<>();
        try (CamelContext context = new DefaultCamelContext()) {
            for (Path document : ComponentReference.documents()) {
                String text = Files.readString(document);
                Matcher block = ComponentReference.BLOCK.matcher(text);
                while (block.find()) {
                    documented.add(OptionTable.parse(block.group(2)).scheme());
                }
                String generated = ComponentReference.regenerate(text, context);
                if (!generated.equals(text)) {
                    stale.add(document + firstDifference(text, generated));
                }
            }
        }
        assertEquals(List.of(), stale, "option tables differ from the component metadata; regenerate them with"
                + " ./mvnw -B -q test -Dtest=ComponentReferenceTest -Dlogcamel.docs.update=true");
        assertTrue(documented.containsAll(OUR_COMPONENTS), "components without a generated option table: "
                + OUR_COMPONENTS.stream().filter(c -> !documented.contains(c)).toList());
    }

    /** The check itself: a row changed by hand is found. */
    @Test
    void aHandEditedRowIsStale() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            String document = "text\n<!-- options: filter -->\n| option | default | meaning |\n<!-- end of options -->\nmore\n";
            String generated = ComponentReference.regenerate(document, context);
            assertTrue(generated.contains("| `key` (path) | required | The field tested. |"), generated);
            assertTrue(generated.startsWith("text\n") && generated.endsWith("more\n"), "prose around the table is kept");
            String edited = generated.replace("The field tested.", "The field.");
            assertTrue(!ComponentReference.regenerate(edited, context).equals(edited));
        }
    }

    private static String firstDifference(String text, String generated) {
        List<String> have = text.lines().toList();
        List<String> want = generated.lines().toList();
        for (int i = 0; i < Math.min(have.size(), want.size()); i++) {
            if (!have.get(i).equals(want.get(i))) {
                return ":" + (i + 1) + "\n  is:     " + have.get(i) + "\n  should: " + want.get(i);
            }
        }
        return ": " + have.size() + " lines, should be " + want.size();
    }
}
