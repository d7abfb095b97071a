package io.logcamel.alarm;

import io.logcamel.logstore.LogstoreEndpoint;
import io.logcamel.logstore.LogstoreStatistics;
import io.logcamel.metrics.RouteWalk;
import io.logcamel.parse.ParseCounters;
import io.logcamel.parse.ParseEndpoint;
import io.logcamel.parse.time.TimeCounters;
import io.logcamel.parse.time.TimeEndpoint;
import io.logcamel.status.RouteStatus;
import io.logcamel.status.StatusCollector;
import io.logcamel.tail.TailEndpoint;
import io.logcamel.tail.TailMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns what the stages count into Logtail's alarms: before each flush it compares every counter
 * that means trouble with its value at the last flush and raises the difference, per collection
 * config. The stages need no alarm code of their own; the counters are the one source of truth.
 */
@ApplicationScoped
public class AlarmWatcher {

    @Inject
    CamelContext context;

    @Inject
    Alarms alarms;

    @Inject
    StatusCollector status;

    private final Map<String, Long> last = new HashMap<>();

    /** Raises alarms for everything counted since the last call. */
    public synchronized void scan() {
        Set<Object> seen = new HashSet<>();
        for (Route route : context.getRoutes()) {
            String id = route.getRouteId();
            for (Object stage : RouteWalk.stages(context, route, false)) {
                if (!seen.add(stage)) {
                    continue; // a shared endpoint counts for the first route that holds it
                }
                if (stage instanceof ParseEndpoint parse) {
                    ParseCounters c = parse.getCounters();
                    raise(id, key(parse, "unmatched"), c.getUnmatchedKept() + c.getUnmatchedDropped(),
                            AlarmType.PARSE_LOG_FAIL, Alarms.Level.WARNING, "lines did not match " + label(parse));
                } else if (stage instanceof TimeEndpoint time) {
                    TimeCounters c = time.getCounters();
                    raise(id, key(time, "failures"), c.getParseFailures(), AlarmType.PARSE_TIME_FAIL,
                            Alarms.Level.WARNING, "log times did not fit " + label(time) + ": the read time was kept");
                    raise(id, key(time, "old"), c.getDiscardedOld() + c.getFutureDropped(), AlarmType.DISCARD_DATA,
                            Alarms.Level.WARNING, "logs discarded by " + label(time) + " (older than maxAge or too far ahead)");
                } else if (stage instanceof TailEndpoint tail) {
                    TailMetrics m = tail.getMetrics();
                    raise(id, key(tail, "encoding"), m.getInvalidEncodingReplacements(), AlarmType.ENCODING_CONVERT,
                            Alarms.Level.WARNING, "bytes not valid in the file's encoding (" + tail.getConfiguration()
                                    .charset().name() + ") were replaced; is the file in another encoding?");
                    raise(id, key(tail, "checkpoint"), m.getCheckpointWriteFailures(), AlarmType.CHECKPOINT_FAIL,
                            Alarms.Level.ERROR, "checkpoints could not be written: " + m.getCheckpointError());
                    raise(id, key(tail, "truncation"), m.getLinesLostToTruncation(), AlarmType.DISCARD_DATA,
                            Alarms.Level.WARNING, "lines lost to truncation before they were read");
                }
            }
        }
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof LogstoreEndpoint logstore) {
                for (Map.Entry<String, LogstoreStatistics> entry : logstore.statisticsByRoute().entrySet()) {
                    LogstoreStatistics s = entry.getValue();
                    LogstoreStatistics.LastError error = s.lastError();
                    for (Map.Entry<String, Long> failures : s.failuresByCode().entrySet()) {
                        String code = failures.getKey();
                        AlarmType type = code.contains("Quota") ? AlarmType.SEND_QUOTA_EXCEED : AlarmType.SEND_DATA_FAIL;
                        raise(entry.getKey(), "logstore:" + logstore.getEndpointKey() + ":" + entry.getKey() + ":" + code,
                                failures.getValue(), type, Alarms.Level.ERROR, "PutLogs failed with " + code
                                        + (error != null && code.equals(error.code()) ? ": " + error.message() : ""));
                    }
                }
            }
        }
        for (RouteStatus route : status.report().routes()) {
            if (RouteStatus.FAILED.equals(route.state()) && "RouteStopped".equals(route.errorCode())) {
                alarms.raise(route.route(), AlarmType.CATEGORY_CONFIG, Alarms.Level.ERROR, route.errorMessage());
            } else if (RouteStatus.BUSY.equals(route.state())) {
                alarms.raise(route.route(), AlarmType.READ_LOG_DELAY, Alarms.Level.WARNING,
                        route.bytesBehind() + " bytes not yet delivered");
            }
        }
    }

    private void raise(String route, String key, long now, AlarmType type, Alarms.Level level, String message) {
        Long before = last.put(key, now);
        long delta = now - (before == null ? 0 : before);
        if (delta > 0) {
            alarms.raise(route, type, level, delta, message);
        }
    }

    private static String key(Endpoint endpoint, String what) {
        return System.identityHashCode(endpoint) + ":" + what;
    }

    private static String label(Endpoint endpoint) {
        return io.logcamel.metrics.StageMetrics.endpointLabel(endpoint);
    }
}
