package io.logcamel.tail;

import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelSelectorTest {

    @Test
    void kubectlSyntax() {
        LabelSelector selector = LabelSelector.parse("podLabelSelector",
                "app=web, tier!=cache, env in (prod, staging), release notin (canary), app.kubernetes.io/part-of, !legacy");
        Map<String, String> labels = Map.of("app", "web", "tier", "front", "env", "prod", "release", "stable",
                "app.kubernetes.io/part-of", "shop");
        assertTrue(selector.test(labels));
        assertFalse(selector.test(Map.of("app", "web")));
        assertFalse(selector.test(with(labels, "tier", "cache")));
        assertFalse(selector.test(with(labels, "env", "dev")));
        assertFalse(selector.test(with(labels, "release", "canary")));
        assertFalse(selector.test(with(labels, "legacy", "yes")));
        assertTrue(LabelSelector.parse("s", "app==web").test(Map.of("app", "web")));
        assertTrue(LabelSelector.parse("s", "release notin (canary)").test(Map.of()), "notin holds without the label");
        assertFalse(LabelSelector.parse("s", "env in (prod)").test(null));
    }

    @Test
    void badSelectorsNameTheOption() {
        for (String bad : new String[]{"", " , ", "app=web,=x", "env in prod", "a b"}) {
            RuntimeCamelException error = assertThrows(RuntimeCamelException.class, () -> LabelSelector.parse("podLabelSelector", bad), bad);
            assertTrue(error.getMessage().contains("podLabelSelector"), error.getMessage());
        }
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        java.util.HashMap<String, String> copy = new java.util.HashMap<>(labels);
        copy.put(key, value);
        return copy;
    }
}
