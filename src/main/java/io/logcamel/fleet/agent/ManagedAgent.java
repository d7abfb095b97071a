package io.logcamel.fleet.agent;

import com.google.protobuf.ByteString;
import io.logcamel.fleet.config.CollectionConfig;
import io.logcamel.fleet.config.ConfigState;
import io.logcamel.fleet.config.RouteConfigs;
import io.logcamel.fleet.protocol.AgentAttributes;
import io.logcamel.fleet.protocol.AgentCapabilities;
import io.logcamel.fleet.protocol.AgentGroupTag;
import io.logcamel.fleet.protocol.ConfigDetail;
import io.logcamel.fleet.protocol.ConfigInfo;
import io.logcamel.fleet.protocol.ConfigStatus;
import io.logcamel.fleet.protocol.FetchConfigRequest;
import io.logcamel.fleet.protocol.HeartbeatRequest;
import io.logcamel.fleet.protocol.HeartbeatResponse;
import io.logcamel.fleet.protocol.RequestFlags;
import io.logcamel.fleet.protocol.ResponseFlags;
import io.logcamel.fleet.protocol.ServerCapabilities;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The managed agent: heartbeats to the config servers, applies the configs they send through
 * {@link RouteConfigs} (one config's routes replaced at a time; a FAILED version leaves the previous
 * running), keeps the last applied version of each on disk, and reports every config's state.
 * Registration and every answer that asks for it send the full state; otherwise a heartbeat
 * carries only instance id and sequence, plus the statuses when one changed.
 */
public final class ManagedAgent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ManagedAgent.class);

    private final AgentIdentity identity;
    private final ConfigServerClient client;
    private final RouteConfigs configs;
    private final AppliedConfigFiles files;
    private final long intervalMillis;
    private final Set<String> managed = new LinkedHashSet<>();
    private final ScheduledExecutorService timer;
    private long sequence;
    private boolean fullState = true;
    private boolean statusChanged;
    private boolean serverRemembers;

    public ManagedAgent(AgentIdentity identity, ConfigServerClient client, RouteConfigs configs, AppliedConfigFiles files,
                        long intervalMillis) {
        this.identity = identity;
        this.client = client;
        this.configs = configs;
        this.files = files;
        this.intervalMillis = intervalMillis;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleet-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the last applied configs from disk, then heartbeats (first one after a random delay under 1 s). */
    public void start() throws IOException {
        for (CollectionConfig config : files.load()) {
            synchronized (this) {
                managed.add(config.name());
            }
            configs.apply(config);
        }
        timer.schedule(this::beat, ThreadLocalRandom.current().nextLong(1000), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        long next = intervalMillis;
        try {
            next = heartbeat() ? 0 : intervalMillis;
        } catch (IOException e) {
            LOG.warnf("heartbeat to the config server failed (retried in %d ms): %s", intervalMillis, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "heartbeat failed");
        } finally {
            if (!timer.isShutdown()) {
                timer.schedule(this::beat, next, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** One heartbeat and what its answer asks; true when a config changed (so its status goes out at once). */
    public boolean heartbeat() throws IOException {
        HeartbeatResponse response = client.heartbeat(request());
        if (response.getCommonResponse().getStatus() != 0) {
            LOG.warnf("config server fault %d: %s", response.getCommonResponse().getStatus(),
                    response.getCommonResponse().getErrorMessage().toStringUtf8());
            return false;
        }
        long remembers = ServerCapabilities.RembersAttribute_VALUE | ServerCapabilities.RembersContinuousPipelineConfigStatus_VALUE;
        synchronized (this) {
            serverRemembers = (response.getCapabilities() & remembers) == remembers;
            if ((response.getFlags() & ResponseFlags.ReportFullState_VALUE) != 0) {
                fullState = true;
            }
        }
        List<ConfigDetail> updates = new ArrayList<>(response.getContinuousPipelineConfigUpdatesList());
        if ((response.getFlags() & ResponseFlags.FetchContinuousPipelineConfigDetail_VALUE) != 0 && !updates.isEmpty()) {
            FetchConfigRequest.Builder fetch = FetchConfigRequest.newBuilder()
                    .setInstanceId(ByteString.copyFromUtf8(identity.instanceId()));
            updates.stream().filter(u -> u.getVersion() != -1).forEach(u -> fetch.addContinuousPipelineConfigs(
                    ConfigInfo.newBuilder().setName(u.getName()).setVersion(u.getVersion())));
            List<ConfigDetail> fetched = client.fetchConfig(fetch.build()).getContinuousPipelineConfigUpdatesList();
            updates.removeIf(u -> u.getVersion() != -1);
            updates.addAll(fetched);
        }
        for (ConfigDetail update : updates) {
            apply(update);
        }
        return !updates.isEmpty() || fullState;
    }

    private void apply(ConfigDetail update) throws IOException {
        if (update.getVersion() == -1) {
            configs.remove(update.getName());
            files.delete(update.getName());
            synchronized (this) {
                managed.remove(update.getName());
                statusChanged = true;
            }
            return;
        }
        synchronized (this) {
            managed.add(update.getName());
            statusChanged = true;
        }
        ConfigState state = configs.apply(new CollectionConfig(update.getName(), update.getVersion(),
                update.getDetail().toString(StandardCharsets.UTF_8), "config server " + update.getName() + " v" + update.getVersion()));
        if (state.status() == io.logcamel.fleet.config.ConfigStatus.APPLIED) {
            files.save(new CollectionConfig(update.getName(), update.getVersion(), update.getDetail().toString(StandardCharsets.UTF_8),
                    state.origin()));
        }
    }

    private synchronized HeartbeatRequest request() {
        HeartbeatRequest.Builder request = HeartbeatRequest.newBuilder().setSequenceNum(++sequence)
                .setInstanceId(ByteString.copyFromUtf8(identity.instanceId()))
                .setRequestId(ByteString.copyFromUtf8(identity.instanceId() + "-" + sequence));
        boolean full = fullState || !serverRemembers;
        if (full) {
            AgentAttributes.Builder attributes = AgentAttributes.newBuilder()
                    .setVersion(ByteString.copyFromUtf8(identity.version())).setIp(ByteString.copyFromUtf8(identity.ip()))
                    .setHostname(ByteString.copyFromUtf8(identity.hostname()))
                    .putExtras("user_defined_id", ByteString.copyFromUtf8(String.join(",", identity.userDefinedIds())))
                    .putExtras("ips", ByteString.copyFromUtf8(String.join(",", identity.ips())));
            request.setFlags(fullState ? RequestFlags.FullState_VALUE : 0).setAgentType(identity.agentType())
                    .setCapabilities(AgentCapabilities.AcceptsContinuousPipelineConfig_VALUE)
                    .setStartupTime(identity.startupTime()).setAttributes(attributes).setRunningStatus("running");
            for (Map.Entry<String, String> tag : identity.tags().entrySet()) {
                request.addTags(AgentGroupTag.newBuilder().setName(tag.getKey()).setValue(tag.getValue()));
            }
        }
        if (full || statusChanged) {
            request.addAllContinuousPipelineConfigs(statuses());
        }
        fullState = false;
        statusChanged = false;
        return request.build();
    }

    private List<ConfigInfo> statuses() {
        List<ConfigInfo> list = new ArrayList<>();
        Map<String, ConfigState> states = configs.states();
        for (String name : managed) {
            ConfigState state = states.get(name);
            if (state != null) {
                list.add(ConfigInfo.newBuilder().setName(name).setVersion(state.version())
                        .setStatus(ConfigStatus.forNumber(state.status().ordinal())).setMessage(state.message()).build());
            }
        }
        return list;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
