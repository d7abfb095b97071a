package io.logcamel.status;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;

/**
 * Readiness that means the agent delivers: DOWN, naming each route and its error code, when a
 * collection config's destination has refused every request for longer than
 * {@code logcamel.status.send-failure-timeout}, or its checkpoints could not be written for
 * {@code logcamel.status.checkpoint-failure-timeout}. Liveness stays about the process: a
 * wrong key is not cured by a restart.
 */
@Readiness
@ApplicationScoped
public class DeliveryReadiness implements HealthCheck {

    @Inject
    StatusCollector collector;

    @Override
    public HealthCheckResponse call() {
        Map<String, String> problems = collector.readinessProblems();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("logcamel-delivery");
        problems.forEach(builder::withData);
        return problems.isEmpty() ? builder.up().build() : builder.down().build();
    }
}
