package io.logcamel.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * {@code GET /q/logcamel/status}: the agent and each collection config as JSON, or with
 * {@code ?format=table} as the table {@code logcamel status} prints (the way {@code ilogtaild
 * status} shows Logtail's). Beside Quarkus' own {@code /q/health} and {@code /q/metrics}.
 */
@ApplicationScoped
public class StatusHttp {

    public static final String PATH = "/q/logcamel/status";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Inject
    StatusCollector collector;

    void routes(@Observes Router router) {
        router.get(PATH).blockingHandler(this::answer, false);
    }

    private void answer(RoutingContext request) {
        try {
            StatusReport report = collector.report();
            if ("table".equals(request.request().getParam("format"))) {
                request.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(StatusTable.render(report));
            } else {
                request.response().putHeader("Content-Type", "application/json").end(JSON.writeValueAsString(report));
            }
        } catch (Exception e) {
            request.response().setStatusCode(500).putHeader("Content-Type", "text/plain").end(
                    "status failed: " + e + "\n");
        }
    }
}
