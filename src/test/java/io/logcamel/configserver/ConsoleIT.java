package io.logcamel.configserver;

import io.logcamel.testing.AgentEndpoints;
import io.logcamel.testing.AgentProcess;
import io.logcamel.testing.HeadlessChromium;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import static io.logcamel.testing.HeadlessChromium.quote;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web console in headless Chromium, as a user drives it: sign in with the admin token, create a
 * machine group, create a config and apply it to the group, and watch the packaged agent (a process,
 * managed by this config server) report APPLIED in the page; then a broken version shows FAILED with
 * the agent's message, the diff between the two versions shows the change, a rollback from the
 * page brings APPLIED back, and a canary of a third version is applied and promoted. Every
 * assertion is on what the page shows.
 */
class ConsoleIT {

    private static final String ADMIN_TOKEN = "console-admin-token";
    private static final String AGENT_TOKEN = "console-agent-token";

    @TempDir
    static Path work;
    private static ConfigServer server;
    private static AgentProcess agent;
    private static HeadlessChromium browser;
    private static String console;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "ConsoleIT skipped: no chromium on the PATH "
                + "(Debian: apt-get install chromium; .ci/run installs it)");
        server = ConfigServer.start(new ConfigServerSettings("127.0.0.1", 0, "jdbc:h2:file:" + work.resolve("db") + "/fleet",
                "sa", "", Set.of(AGENT_TOKEN), Set.of(ADMIN_TOKEN), Duration.ofSeconds(30)));
        console = "http://127.0.0.1:" + server.port() + "/console/";
        Files.copy(Paths.get("application.properties"), work.resolve("application.properties"));
        int httpPort = AgentProcess.freePort();
        agent = AgentProcess.start(work, Paths.get("target", "console-it-agent.log").toAbsolutePath(), Map.of(
                "logcamel.localstore.enabled", "false",
                "logcamel.checkpoint.dir", work.resolve("checkpoints").toString(),
                "logcamel.spool.dir", work.resolve("spool").toString(),
                "quarkus.http.port", Integer.toString(httpPort),
                "logcamel.routes.include", "file:none/*.camel.yaml",
                "logcamel.fleet.servers", "http://127.0.0.1:" + server.port(),
                "logcamel.fleet.token", AGENT_TOKEN,
                "logcamel.fleet.heartbeat-interval", "1s",
                "logcamel.fleet.data-dir", work.resolve("fleet").toString(),
                "logcamel.agent.tags", "role=console-it"));
        browser = HeadlessChromium.start(chromium.get(), Paths.get("target", "console-it-chromium.log").toAbsolutePath());
        AgentEndpoints.awaitReady(agent, httpPort, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void createAGroupApplyAConfigAndSeeTheAgentReportApplied() throws Exception {
        browser.navigate(console);

        // a wrong token is refused in the page; the right one opens it and stays out of the URL
        fill("#token", "not-the-token");
        click("#login button[type=submit]");
        awaitText("#message", "The admin token was not accepted");
        assertTrue(visible("#login"), "the sign-in form is back after a refused token");
        fill("#token", ADMIN_TOKEN);
        click("#login button[type=submit]");
        awaitShown("Agents tab", () -> visible("#agents"));
        assertEquals(ADMIN_TOKEN, browser.evaluate("sessionStorage.getItem('logcamel.adminToken')").asText());
        assertFalse(browser.evaluate("location.href").asText().contains(ADMIN_TOKEN), "the token is not in the URL");
        assertEquals(0, browser.evaluate("localStorage.length").asInt(), "nothing kept beyond the tab's session");

        // the managed agent is listed, online (the page refreshes by itself)
        awaitText("#agent-rows", "online");

        // a machine group by tag
        click("#tabs button[data-tab=groups]");
        fill("#group-form [name=name]", "web");
        fill("#group-form [name=description]", "the console's agents");
        fill("#group-form [name=tags]", "role=console-it");
        click("#group-form button[type=submit]");
        awaitText("#message", "Group web saved.");
        awaitText("#group-rows tr[data-group=web]", "tags role=console-it");
        click("#group-rows tr[data-group=web] button:nth-of-type(2)");
        awaitText("#group-agent-rows", "online");

        // a config, applied to the group from its page
        click("#tabs button[data-tab=configs]");
        fill("#config-form [name=name]", "heartbeat");
        fill("#config-form [name=description]", "a timer that logs");
        fill("#config-form [name=yaml]", route("timer:console-it?period=60000", "log:console-it"));
        click("#config-form button[type=submit]");
        awaitText("#message", "Config heartbeat saved as version 1.");
        awaitText("#config-rows tr[data-config=heartbeat]", "v1");
        click("#config-rows tr[data-config=heartbeat] button");
        awaitShown("the config's page", () -> visible("#config-detail") && text("#rollout-form").contains("web"));
        select("#rollout-form [name=groups]", "web");
        click("#rollout-form button[data-action=apply]");
        awaitText("#message", "Config heartbeat v1 applied to web.");
        awaitText("#assignment-rows tr[data-group=web]", "applied v1");

        // the agent reports it APPLIED: the agents page shows it without a reload
        click("#tabs button[data-tab=agents]");
        awaitText("#agent-rows li[data-config=heartbeat]", "heartbeat v1 APPLIED");

        // a broken version: FAILED with the agent's message, while v1 keeps running
        click("#tabs button[data-tab=configs]");
        click("#config-rows tr[data-config=heartbeat] button");
        awaitShown("v1 in the editor", () -> browser.evaluate("document.querySelector('#config-form [name=yaml]').value").asText().contains("log:console-it"));
        fill("#config-form [name=yaml]", route("timer:console-it?period=60000", "nosuchcomponent:console-it"));
        click("#config-form button[type=submit]");
        awaitText("#message", "Config heartbeat saved as version 2.");
        awaitShown("v2 offered", () -> text("#rollout-form [name=version]").contains("v2"));
        select("#rollout-form [name=version]", "2");
        click("#rollout-form button[data-action=apply]");
        awaitText("#message", "Config heartbeat v2 applied to web.");
        click("#tabs button[data-tab=agents]");
        awaitText("#agent-rows li[data-config=heartbeat]", "heartbeat v2 FAILED");
        awaitText("#agent-rows li[data-config=heartbeat]", "nosuchcomponent");

        // history: the diff of v1 and v2 shows the changed line, removed and added
        click("#tabs button[data-tab=configs]");
        click("#config-rows tr[data-config=heartbeat] button");
        awaitShown("both versions in the history", () -> text("#version-rows").contains("v2") && text("#version-rows").contains("v1"));
        select("#diff-form [name=from]", "1");
        select("#diff-form [name=to]", "2");
        click("#diff-form button[type=submit]");
        awaitText("#diff", "-             uri: log:console-it");
        awaitText("#diff", "+             uri: nosuchcomponent:console-it");
        assertEquals(1, browser.evaluate("document.querySelectorAll('#diff .added').length").asInt(), text("#diff"));
        assertEquals(1, browser.evaluate("document.querySelectorAll('#diff .removed').length").asInt(), text("#diff"));

        // rollback to v1 from the page: APPLIED again
        select("#rollout-form [name=version]", "1");
        click("#rollout-form button[data-action=rollback]");
        awaitText("#message", "Every group of heartbeat rolled back to v1.");
        awaitText("#assignment-rows tr[data-group=web]", "rolled back to v1");
        click("#tabs button[data-tab=agents]");
        awaitText("#agent-rows li[data-config=heartbeat]", "heartbeat v1 APPLIED");

        // canary of a v3 to 100 % of the group (one agent: a share below 100 % would depend on its
        // random instance id), then promoted: the group's version becomes v3
        click("#tabs button[data-tab=configs]");
        click("#config-rows tr[data-config=heartbeat] button");
        fill("#config-form [name=yaml]", route("timer:console-it?period=60000", "log:console-it-v3"));
        click("#config-form button[type=submit]");
        awaitText("#message", "Config heartbeat saved as version 3.");
        awaitShown("v3 offered", () -> text("#rollout-form [name=version]").contains("v3"));
        select("#rollout-form [name=groups]", "web");
        select("#rollout-form [name=version]", "3");
        fill("#rollout-form [name=percent]", "100");
        click("#rollout-form button[data-action=canary]");
        awaitText("#message", "Canary of heartbeat v3 to 100 % of web.");
        awaitText("#assignment-rows tr[data-group=web]", "v3 to 100 %");
        click("#tabs button[data-tab=agents]");
        awaitText("#agent-rows li[data-config=heartbeat]", "heartbeat v3 APPLIED");
        click("#tabs button[data-tab=configs]");
        click("#rollout-form button[data-action=promote]");
        awaitText("#message", "Canary of heartbeat promoted.");
        awaitText("#assignment-rows tr[data-group=web]", "canary v3 promoted");
        assertTrue(text("#assignment-rows tr[data-group=web]").startsWith("web\tv3\t"), text("#assignment-rows"));
    }

    @Test
    void theConsoleFilesAreServedWithoutATokenAndTheApiStillWantsOne() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, root.statusCode());
        assertEquals("/console/", root.headers().firstValue("Location").orElse(""));
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(console)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"console.js\""), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(console + "../api/../../etc/passwd")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, other.statusCode(), "only the console's own files are served");
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/groups"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, api.statusCode());
    }

    private static String route(String from, String to) {
        return "- route:\n    id: heartbeat\n    from:\n      uri: " + from + "\n      steps:\n        - to:\n            uri: " + to + "\n";
    }

    // ---- driving the page ---------------------------------------------------------------------

    /** Types into a field: sets its value and fires the input event, as typing does. */
    private static void fill(String selector, String value) throws Exception {
        browser.evaluate("(() => { const e = document.querySelector(" + quote(selector) + ");"
                + " if (!e || !e.checkVisibility()) throw new Error('no visible field ' + " + quote(selector) + ");"
                + " e.focus(); e.value = " + quote(value) + "; e.dispatchEvent(new Event('input', {bubbles: true})); })()");
    }

    /** Clicks a visible element (a hidden one cannot be clicked by a user, so that is an error). */
    private static void click(String selector) throws Exception {
        browser.evaluate("(() => { const e = document.querySelector(" + quote(selector) + ");"
                + " if (!e || !e.checkVisibility()) throw new Error('nothing visible to click at ' + " + quote(selector) + ");"
                + " e.click(); })()");
    }

    /** Selects the option of this value in a (multiple) select, as a user's click does. */
    private static void select(String selector, String value) throws Exception {
        browser.evaluate("(() => { const s = document.querySelector(" + quote(selector) + ");"
                + " const o = s && [...s.options].find((o) => o.value === " + quote(value) + ");"
                + " if (!o || !s.checkVisibility()) throw new Error('no option ' + " + quote(value) + " + ' in ' + " + quote(selector) + ");"
                + " o.selected = true; s.dispatchEvent(new Event('change', {bubbles: true})); })()");
    }

    private static String text(String selector) throws Exception {
        return browser.evaluate("(() => { const e = document.querySelector(" + quote(selector) + ");"
                + " return e && e.checkVisibility() ? e.innerText : ''; })()").asText();
    }

    private static boolean visible(String selector) throws Exception {
        return browser.evaluate("!!document.querySelector(" + quote(selector) + ")?.checkVisibility()").asBoolean();
    }

    /** Waits until the element's visible text contains this (the page refreshes every 3 s). */
    private static void awaitText(String selector, String expected) {
        String[] last = {""};
        try {
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250))
                    .failFast("the agent process exited", () -> !agent.isAlive())
                    .until(() -> (last[0] = text(selector)).contains(expected));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(selector + " never showed '" + expected + "'; it shows '" + last[0] + "'", e);
        }
    }

    private static void awaitShown(String what, Callable<Boolean> condition) {
        await(what).atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250)).until(condition);
    }
}
