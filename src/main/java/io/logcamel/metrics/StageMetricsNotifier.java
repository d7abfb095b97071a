package io.logcamel.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.camel.spi.CamelEvent;

/**
 * Keeps {@link StageMetrics} in step with the routes: binds the meters of the routes' stages when
 * one starts, removes a route's meters when it is removed (a config reloaded or deleted). Camel
 * Quarkus passes Camel's events to CDI observers such as these.
 */
@ApplicationScoped
public class StageMetricsNotifier {

    void routeStarted(@Observes CamelEvent.RouteStartedEvent event) {
        StageMetrics.of(event.getRoute().getCamelContext()).refresh();
    }

    void routeRemoved(@Observes CamelEvent.RouteRemovedEvent event) {
        StageMetrics.of(event.getRoute().getCamelContext()).removeRoute(event.getRoute().getRouteId());
    }

    void contextStarted(@Observes CamelEvent.CamelContextStartedEvent event) {
        StageMetrics.of(event.getContext()).refresh();
    }
}
