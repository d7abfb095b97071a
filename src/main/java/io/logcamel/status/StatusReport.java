package io.logcamel.status;

import java.util.List;

/** The answer of {@code GET /q/logcamel/status}: the agent and each collection config. */
public record StatusReport(String time, AgentStatus agent, List<RouteStatus> routes) {
}
