package io.logcamel.parse;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.parse.fields.FieldsComponent;
import io.logcamel.parse.filter.FilterComponent;
import io.logcamel.parse.time.TimeComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The steps as a collection config writes them: Camel YAML DSL, options as parameters. */
class YamlRouteTest {

    private static final Instant NOW = Instant.parse("2026-11-24T08:16:00Z");
    private final StepHarness camel = new StepHarness().clock(Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        camel.close();
    }

    private void load(String name, String yaml) throws Exception {
        PluginHelper.getRoutesLoader(camel.context).loadRoutes(ResourceHelper.fromString(name, yaml));
    }

    @Test
    void aYamlRouteParsesTimesFiltersAndMasks() throws Exception {
        load("access.camel.yaml", """
                - route:
                    id: nginx-access
                    from:
                      uri: direct:access
                      steps:
                        - to:
                            uri: parse:nginx
                            parameters:
                              noMatch: drop
                        - to:
                            uri: time:parse
                            parameters:
                              sourceKey: time_local
                              format: "RAW(%d/%b/%Y:%H:%M:%S %z)"
                              keepSource: false
                        - to:
                            uri: filter:request
                            parameters:
                              exclude: "RAW(GET /health(z)? .*)"
                        - to:
                            uri: fields:mask
                            parameters:
                              key: request
                              pattern: "RAW((?<=[?&]token=)[^& ]+)"
                        - to:
                            uri: fields:tag
                            parameters:
                              key: service
                              value: shop
                """);
        LogBatch batch = StepHarness.lines(
                "10.0.0.1 - - [24/Nov/2026:08:15:02 +0000] \"GET /api/cart?token=s3cr3t+x%2F&id=7 HTTP/1.1\" 200 99 \"-\" \"curl/8.4.0\"",
                "10.0.0.2 - - [24/Nov/2026:08:15:03 +0000] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.30\"",
                "10.0.0.3 - - [24/Nov/2026:08:05:00 +0000] \"GET /old HTTP/1.1\" 200 2 \"-\" \"curl/8.4.0\"",
                "not an access log line");
        camel.context.createProducerTemplate().sendBody("direct:access", batch);
        assertEquals(1, batch.size(), batch.events().toString());
        LogEvent event = batch.events().get(0);
        assertEquals("GET /api/cart?token=***&id=7 HTTP/1.1", event.get("request"));
        assertEquals(Instant.parse("2026-11-24T08:15:02Z").getEpochSecond(), event.timeSeconds());
        assertNull(event.get("time_local"));
        assertEquals("shop", event.tag("service"));
    }

    @Test
    void regexAndDelimiterOptionsSurviveYaml() throws Exception {
        load("app.camel.yaml", """
                - route:
                    id: java-app
                    from:
                      uri: direct:app
                      steps:
                        - to:
                            uri: parse:regex
                            parameters:
                              pattern: "RAW((?<time>\\\\S+ \\\\S+) (?<level>[A-Z]+)\\\\s+\\\\[(?<thread>[^\\\\]]+)\\\\] (?<message>.+))"
                        - to:
                            uri: parse:delimiter
                            parameters:
                              sourceKey: message
                              separator: "RAW( | )"
                              keys: user,action,amount
                              moreFields: merge
                """);
        LogBatch batch = StepHarness.lines("2026-11-24 08:15:02.123 WARN  [pool-1-thread-3] alice | refund | 10+5% | extra");
        camel.context.createProducerTemplate().sendBody("direct:app", batch);
        LogEvent event = batch.events().get(0);
        assertEquals("WARN", event.get("level"), event.toString());
        assertEquals("pool-1-thread-3", event.get("thread"));
        assertEquals("alice", event.get("user"));
        assertEquals("10+5% | extra", event.get("amount"));
    }

    /**
     * Every example that uses the processing steps is valid YAML DSL and every parse/time/filter/
     * fields step in it builds. The context is not started, so its inputs and the logstore: sink
     * are not created. (The input examples need their settings; the input tests load them.)
     */
    @Test
    void theExampleRoutesAreValidAndTheirStepsBuild() throws Exception {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("routes/examples"))) {
            examples = files.filter(p -> p.toString().endsWith(".camel.yaml") && usesSteps(p)).sorted().toList();
        }
        assertTrue(examples.size() >= 5, examples.toString());
        DefaultCamelContext context = new DefaultCamelContext();
        context.addComponent("parse", new ParseComponent());
        context.addComponent("time", new TimeComponent());
        context.addComponent("filter", new FilterComponent());
        context.addComponent("fields", new FieldsComponent());
        int steps = 0;
        for (Path example : examples) {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.fromString(example.getFileName().toString(), Files.readString(example)));
        }
        assertEquals(examples.size(), context.getRouteDefinitions().size());
        for (RouteDefinition route : context.getRouteDefinitions()) {
            for (ProcessorDefinition<?> step : route.getOutputs()) {
                if (step instanceof ToDefinition to && to.getEndpointUri().matches("(parse|time|filter|fields):.*")) {
                    context.getEndpoint(to.getEndpointUri()).createProducer();
                    steps++;
                }
            }
        }
        assertTrue(steps >= 15, "steps built: " + steps);
    }

    private static boolean usesSteps(Path example) {
        try {
            return STEP_URI.matcher(Files.readString(example)).find();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final java.util.regex.Pattern STEP_URI =
            java.util.regex.Pattern.compile("uri: \"?(parse|time|filter|fields):");
}
