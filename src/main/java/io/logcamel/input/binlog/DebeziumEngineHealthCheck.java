package io.logcamel.input.binlog;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reports whether a binlog input's Debezium engine is really running. Camel's debezium consumer
 * only logs an engine that died (bad offsets, purged binlog, lost rights) and the route stays
 * Started. Two signals tell the truth: the engine starts and stops its offset store
 * ({@link DeliveredOffsetStore}, whatever the reason it ends), and while it streams Debezium's JMX
 * metrics say whether the binlog connection is up. Registers itself in Camel's health check
 * registry, which {@code /q/health} exposes.
 */
public class DebeziumEngineHealthCheck extends AbstractHealthCheck {

    private String topicPrefix;
    private String offsetFile;
    private String routeId;
    private long startupGraceMillis = 60_000;

    /**
     * No no-argument constructor on purpose: Camel Quarkus registers every health check class it
     * can instantiate, and an unconfigured instance showed up as a check {@code binlog} beside the
     * real {@code binlog-<name>}. The YAML bean passes the id.
     */
    public DebeziumEngineHealthCheck(String id) {
        super("logcamel", id);
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        boolean first = getCamelContext() == null;
        super.setCamelContext(camelContext);
        // The registry hands the context back through this setter: register on the first call only.
        HealthCheckRegistry registry = first ? HealthCheckRegistry.get(camelContext) : null;
        if (registry != null) {
            registry.register(this);
        }
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (offsetFile == null || topicPrefix == null) {
            builder.message("binlog health check " + getId() + " has no topicPrefix or offsetFile").down();
            return;
        }
        builder.detail("topic.prefix", topicPrefix);
        BinlogDeliveryTracker.EngineState engine = BinlogDeliveryTracker.forOffsetFile(offsetFile).engineState();
        builder.detail("engine", engine.name().toLowerCase());
        if (engine == BinlogDeliveryTracker.EngineState.STOPPED) {
            builder.message("Debezium engine stopped (see the log for the error that stopped it)").down();
            return;
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> streaming = server.queryNames(metrics("streaming"), null);
            if (!streaming.isEmpty()) {
                ObjectName name = streaming.iterator().next();
                boolean connected = Boolean.TRUE.equals(server.getAttribute(name, "Connected"));
                builder.detail("connected", connected);
                builder.detail("events.seen", server.getAttribute(name, "TotalNumberOfEventsSeen"));
                builder.detail("millis.since.last.event", server.getAttribute(name, "MilliSecondsSinceLastEvent"));
                if (connected) {
                    builder.up();
                } else {
                    builder.message("Debezium engine is running but not connected to the binlog").down();
                }
                return;
            }
            for (ObjectName name : server.queryNames(metrics("snapshot"), null)) {
                if (Boolean.TRUE.equals(server.getAttribute(name, "SnapshotRunning"))) {
                    builder.detail("snapshot", "running").up();
                    return;
                }
            }
        } catch (Exception e) {
            builder.error(e).message("cannot read Debezium metrics: " + e.getMessage()).down();
            return;
        }
        if (engine == BinlogDeliveryTracker.EngineState.RUNNING || startingUp()) {
            builder.detail("state", "starting").up();
        } else {
            builder.message("Debezium engine is not running (see the log for the error that stopped it)").down();
        }
    }

    private ObjectName metrics(String context) throws Exception {
        return new ObjectName("debezium.*:type=connector-metrics,context=" + context + ",server=" + topicPrefix + ",*");
    }

    /** The engine needs a few seconds to register its metrics after the route starts. */
    private boolean startingUp() {
        if (routeId == null || getCamelContext() == null) {
            return false;
        }
        Route route = getCamelContext().getRoute(routeId);
        return route != null && route.getUptimeMillis() < startupGraceMillis;
    }

    /** The endpoint's {@code topicPrefix}: Debezium names its metrics after it. */
    public void setTopicPrefix(String topicPrefix) {
        if (topicPrefix == null || !topicPrefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("logcamel.binlog.name must be letters, digits, '.', '_' or '-': " + topicPrefix);
        }
        this.topicPrefix = topicPrefix;
    }

    /** The endpoint's {@code offsetStorageFileName}: pairs this check with the engine's offset store. */
    public void setOffsetFile(String offsetFile) {
        this.offsetFile = offsetFile;
    }

    /** The binlog route, whose uptime gives the engine its start-up grace. */
    public void setRouteId(String routeId) {
        this.routeId = routeId;
    }

    /** How long after the route starts a not-yet-registered engine still counts as starting. */
    public void setStartupGraceMillis(long startupGraceMillis) {
        this.startupGraceMillis = startupGraceMillis;
    }
}
