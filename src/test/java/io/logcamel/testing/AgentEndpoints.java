package io.logcamel.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** The packaged agent's own HTTP endpoints as a test reads them: readiness and Prometheus metrics. */
public final class AgentEndpoints {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AgentEndpoints() {
    }

    /** Waits until {@code /q/health/ready} answers 200 (routes started); fails at once if the agent exited. */
    public static void awaitReady(AgentProcess agent, int httpPort, Duration timeout) {
        await("the agent on port " + httpPort + " to be ready").atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    failIfExited(agent);
                    try {
                        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    /** Throws with the agent's output when it is no longer running, so a wait fails at once. */
    public static boolean failIfExited(AgentProcess agent) throws IOException {
        if (!agent.isAlive()) {
            throw new IllegalStateException("the agent exited:\n" + agent.output());
        }
        return true;
    }

    /** The sum of a Prometheus metric's samples whose labels contain {@code labelFilter}; 0 when unreadable. */
    public static double metric(int httpPort, String name, String labelFilter) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return body.lines()
                    .filter(line -> line.startsWith(name + "{") && line.contains(labelFilter))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException | InterruptedException | RuntimeException unreadable) {
            return 0;
        }
    }
}
