package io.logcamel.alarm;

import io.logcamel.event.LogBatch;
import io.logcamel.event.LogEvent;
import io.logcamel.status.AgentStatus;
import io.logcamel.status.RouteStatus;
import io.logcamel.status.StatusCollector;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ships the agent's self-monitoring to the internal logstore through the normal {@code logstore:}
 * producer (signing, compression, retries), as Logtail does: counted alarms every
 * {@code flush-interval} (topic {@code logtail_alarm}), the agent's status every
 * {@code status-interval} ({@code logtail_status}), per-config statistics every
 * {@code statistics-interval} ({@code logtail_profile}). A failed shipment is logged once per
 * error and dropped: self-monitoring never holds back the data.
 */
@ApplicationScoped
public class AlarmShipper {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmShipper.class);
    public static final String ALARM_TOPIC = "logtail_alarm";
    public static final String STATUS_TOPIC = "logtail_status";
    public static final String PROFILE_TOPIC = "logtail_profile";

    @Inject
    AlarmSettings settings;

    @Inject
    Alarms alarms;

    @Inject
    AlarmWatcher watcher;

    @Inject
    StatusCollector status;

    @Inject
    CamelContext context;

    private ScheduledExecutorService timer;
    private ProducerTemplate producer;
    private volatile String lastFailure;

    void start(@Observes StartupEvent event) {
        if (!settings.enabled()) {
            return;
        }
        producer = context.createProducerTemplate();
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "logcamel-alarms");
            thread.setDaemon(true);
            return thread;
        });
        schedule(settings.flushInterval().toMillis(), this::flushAlarms);
        schedule(settings.statusInterval().toMillis(), this::shipStatus);
        schedule(settings.statisticsInterval().toMillis(), this::shipStatistics);
    }

    private void schedule(long millis, Runnable task) {
        long every = Math.max(100, millis);
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.debug("self-monitoring task failed", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Scans the counters and ships what was raised since the last flush. */
    public void flushAlarms() {
        watcher.scan();
        List<Alarms.Alarm> drained = alarms.drain();
        if (drained.isEmpty()) {
            return;
        }
        AgentStatus agent = status.agent();
        List<LogEvent> events = new ArrayList<>();
        for (Alarms.Alarm alarm : drained) {
            LogEvent event = now()
                    .add("alarm_type", alarm.type().name())
                    .add("alarm_level", alarm.level().name())
                    .add("alarm_count", Long.toString(alarm.count()))
                    .add("alarm_message", alarm.message() == null ? "" : alarm.message())
                    .add("config", alarm.route())
                    .add("first_time", Instant.ofEpochMilli(alarm.firstMillis()).toString())
                    .add("last_time", Instant.ofEpochMilli(alarm.lastMillis()).toString());
            identity(event, agent);
            events.add(event);
            LOG.debug("alarm {} {} x{} config {}: {}", alarm.type(), alarm.level(), alarm.count(), alarm.route(),
                    alarm.message());
        }
        ship(ALARM_TOPIC, events);
    }

    public void shipStatus() {
        AgentStatus agent = status.agent();
        LogEvent event = now()
                .add("cpu", Double.toString(agent.cpuCores()))
                .add("mem", Double.toString(agent.rssMb()))
                .add("heap", Double.toString(agent.heapUsedMb()))
                .add("uptime", Long.toString(agent.uptimeSeconds()))
                .add("guard", agent.guard())
                .add("config_count", Integer.toString(context.getRoutes().size()));
        identity(event, agent);
        ship(STATUS_TOPIC, List.of(event));
    }

    public void shipStatistics() {
        AgentStatus agent = status.agent();
        List<LogEvent> events = new ArrayList<>();
        for (RouteStatus route : status.report().routes()) {
            LogEvent event = now()
                    .add("config", route.route())
                    .add("state", route.state())
                    .add("logs_delivered", Long.toString(route.logsDelivered()))
                    .add("send_failures", Long.toString(route.sendFailures()))
                    .add("parse_unmatched", Long.toString(route.parseUnmatched()))
                    .add("bytes_behind", Long.toString(route.bytesBehind()))
                    .add("error_code", route.errorCode() == null ? "" : route.errorCode());
            identity(event, agent);
            events.add(event);
        }
        ship(PROFILE_TOPIC, events);
    }

    private static LogEvent now() {
        Instant now = Instant.now();
        return new LogEvent(now.getEpochSecond(), now.getNano());
    }

    private static void identity(LogEvent event, AgentStatus agent) {
        event.add("hostname", agent.hostname()).add("ip", agent.ip()).add("version", agent.version());
    }

    private void ship(String topic, List<LogEvent> events) {
        if (events.isEmpty() || producer == null) {
            return;
        }
        String uri = "logstore:" + settings.project() + "/" + settings.logstore() + "?topic=" + topic
                + settings.endpoint().map(endpoint -> "&endpoint=" + endpoint).orElse("");
        try {
            producer.sendBody(uri, new LogBatch(events));
            if (lastFailure != null) {
                LOG.info("Self-monitoring records reach {}/{} again", settings.project(), settings.logstore());
                lastFailure = null;
            }
        } catch (RuntimeException e) {
            String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            if (lastFailure == null) {
                LOG.warn("Self-monitoring records ({}) could not be shipped to {}/{} (logcamel.alarm.*): {}; they are"
                        + " dropped, logged once until shipping works again", topic, settings.project(),
                        settings.logstore(), reason);
            }
            lastFailure = reason;
        }
    }
}
