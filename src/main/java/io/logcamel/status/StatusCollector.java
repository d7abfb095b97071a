package io.logcamel.status;

import io.logcamel.guard.ProcessUsage;
import io.logcamel.input.FlowControl;
import io.logcamel.logstore.LogstoreEndpoint;
import io.logcamel.logstore.LogstoreStatistics;
import io.logcamel.metrics.RouteWalk;
import io.logcamel.parse.ParseEndpoint;
import io.logcamel.tail.TailEndpoint;
import io.logcamel.tail.TailMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Works out each collection config's state from what its stages count and remember: a route
 * stopped or checkpoints that cannot be written ({@code failed}), a destination refusing its
 * requests ({@code send_error}), lines failing to parse lately ({@code parse_error}), an input
 * paused ({@code paused}), files far behind ({@code busy}), else {@code ok}. The status API,
 * readiness and the alarms all read it here.
 */
@ApplicationScoped
public class StatusCollector {

    @Inject
    CamelContext context;

    @Inject
    StatusSettings settings;

    @Inject
    io.logcamel.guard.ResourceGuard usage;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    private final Map<String, ParseHistory> parseHistory = new ConcurrentHashMap<>();

    private static final class ParseHistory {
        long unmatched;
        long lastIncreaseMillis;
    }

    public StatusReport report() {
        long now = System.currentTimeMillis();
        List<RouteStatus> routes = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            routes.add(routeStatus(route, now));
        }
        routes.sort(Comparator.comparing(RouteStatus::route));
        return new StatusReport(Instant.ofEpochMilli(now).toString(), agent(), routes);
    }

    public AgentStatus agent() {
        ProcessUsage.Sample sample = usage.current();
        String host = "unknown";
        String ip = "";
        try {
            InetAddress local = InetAddress.getLocalHost();
            host = local.getHostName();
            ip = local.getHostAddress();
        } catch (Exception e) {
            // no resolvable host name (a bare container): the fields stay as they are
        }
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        return new AgentStatus(version, host, ip, uptime, round(sample.cpuCores()), round(sample.rssMb()),
                round(sample.heapUsedMb()), round(sample.heapMaxBytes() / 1048576.0), usage.guardState());
    }

    RouteStatus routeStatus(Route route, long now) {
        String id = route.getRouteId();
        List<Object> stages = RouteWalk.stages(context, route, true);
        long behind = 0;
        long checkpointFailingSince = 0;
        String checkpointError = null;
        long unmatched = 0;
        List<String> pausedBy = new ArrayList<>();
        for (Object stage : stages) {
            if (stage instanceof TailEndpoint tail) {
                TailMetrics m = tail.getMetrics();
                behind += m.getBytesBehind();
                if (m.getCheckpointFailingSince() != 0) {
                    checkpointFailingSince = m.getCheckpointFailingSince();
                    checkpointError = m.getCheckpointError();
                }
                pausedBy.addAll(tail.flow().reasons());
            } else if (stage instanceof ParseEndpoint parse) {
                unmatched += parse.getCounters().getUnmatchedKept() + parse.getCounters().getUnmatchedDropped();
            }
            if (stage == route.getEndpoint() && stage instanceof FlowControl flow && !(stage instanceof TailEndpoint)
                    && flow.isPaused()) {
                pausedBy.add("paused");
            }
        }
        LogstoreStatistics delivery = deliveryOf(id);
        ParseHistory history = parseHistory.computeIfAbsent(id, key -> new ParseHistory());
        synchronized (history) {
            if (unmatched > history.unmatched) {
                history.lastIncreaseMillis = now;
            }
            history.unmatched = unmatched;
        }
        ServiceStatus camelStatus = context.getRouteController().getRouteStatus(id);
        String state;
        String code = null;
        String message = null;
        long errorTime = 0;
        long failingSince = 0;
        LogstoreStatistics.LastError last = delivery == null ? null : delivery.lastError();
        if (last != null) {
            code = last.code();
            message = last.message();
            errorTime = last.atMillis();
        }
        if (camelStatus != null && (camelStatus.isStopped() || camelStatus.isStopping())) {
            state = RouteStatus.FAILED;
            code = code == null ? "RouteStopped" : code;
            message = message == null ? "the route is " + camelStatus.name().toLowerCase() : message;
        } else if (checkpointFailingSince != 0) {
            state = RouteStatus.FAILED;
            code = "CheckpointWriteFailed";
            message = checkpointError;
            errorTime = now;
            failingSince = checkpointFailingSince;
        } else if (delivery != null && delivery.failingSinceMillis() != 0) {
            state = RouteStatus.SEND_ERROR;
            failingSince = delivery.failingSinceMillis();
        } else if (history.lastIncreaseMillis != 0 && now - history.lastIncreaseMillis
                <= settings.parseErrorWindow().toMillis()) {
            state = RouteStatus.PARSE_ERROR;
            if (code == null || delivery.failingSinceMillis() == 0) {
                code = "PARSE_LOG_FAIL";
                message = unmatched + " lines did not match their format since start";
                errorTime = history.lastIncreaseMillis;
            }
        } else if (!pausedBy.isEmpty() || camelStatus == ServiceStatus.Suspended) {
            state = RouteStatus.PAUSED;
            if (camelStatus == ServiceStatus.Suspended) {
                pausedBy.add("suspended");
            }
        } else if (behind > settings.busyBytes()) {
            state = RouteStatus.BUSY;
        } else {
            state = RouteStatus.OK;
        }
        return new RouteStatus(id, state, code, message, iso(errorTime), iso(failingSince), behind,
                delivery == null ? null : iso(delivery.lastSuccessMillis()),
                delivery == null ? 0 : delivery.logsDelivered(), delivery == null ? 0 : delivery.failures(),
                unmatched, List.copyOf(new java.util.TreeSet<>(pausedBy)));
    }

    /** The route's own delivery statistics across every logstore: endpoint it sent to (the one failing wins). */
    private LogstoreStatistics deliveryOf(String routeId) {
        LogstoreStatistics chosen = null;
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof LogstoreEndpoint logstore) {
                LogstoreStatistics s = logstore.statisticsByRoute().get(routeId);
                if (s == null) {
                    continue;
                }
                if (chosen == null || s.failingSinceMillis() != 0 && chosen.failingSinceMillis() == 0) {
                    chosen = s;
                }
            }
        }
        return chosen;
    }

    /** Routes whose state is a reason for readiness DOWN: route id -> reason naming the error code. */
    public Map<String, String> readinessProblems() {
        long now = System.currentTimeMillis();
        Map<String, String> problems = new java.util.TreeMap<>();
        for (RouteStatus status : report().routes()) {
            if (status.failingSince() == null) {
                continue;
            }
            long since = Instant.parse(status.failingSince()).toEpochMilli();
            long limit = RouteStatus.FAILED.equals(status.state()) ? settings.checkpointFailureTimeout().toMillis()
                    : settings.sendFailureTimeout().toMillis();
            if (now - since > limit) {
                problems.put(status.route(), status.state() + " " + status.errorCode() + " since " + status.failingSince()
                        + (status.errorMessage() == null || status.errorMessage().isEmpty() ? "" : ": " + status.errorMessage()));
            }
        }
        return problems;
    }

    private static String iso(long millis) {
        return millis <= 0 ? null : Instant.ofEpochMilli(millis).toString();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

}
