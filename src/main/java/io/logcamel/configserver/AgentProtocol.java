package io.logcamel.configserver;

import com.google.protobuf.ByteString;
import io.logcamel.fleet.protocol.CommonResponse;
import io.logcamel.fleet.protocol.ConfigDetail;
import io.logcamel.fleet.protocol.ConfigInfo;
import io.logcamel.fleet.protocol.FetchConfigRequest;
import io.logcamel.fleet.protocol.FetchConfigResponse;
import io.logcamel.fleet.protocol.HeartbeatRequest;
import io.logcamel.fleet.protocol.HeartbeatResponse;
import io.logcamel.fleet.protocol.ReportStatusRequest;
import io.logcamel.fleet.protocol.ReportStatusResponse;
import io.logcamel.fleet.protocol.RequestFlags;
import io.logcamel.fleet.protocol.ResponseFlags;
import io.logcamel.fleet.protocol.ServerCapabilities;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent side of the config server: heartbeats (registration by full state, the sequence
 * check, compressed heartbeats), config updates chosen by machine group and canary, deletion by
 * version -1, and status reports; a status FAILED on a canary version ends that canary.
 */
public final class AgentProtocol {

    private static final Logger LOG = Logger.getLogger(AgentProtocol.class);
    private static final long CAPABILITIES = ServerCapabilities.RembersAttribute_VALUE
            | ServerCapabilities.RembersContinuousPipelineConfigStatus_VALUE;

    private final FleetStore store;
    private final DesiredConfigs desired;

    public AgentProtocol(FleetStore store) {
        this.store = store;
        this.desired = new DesiredConfigs(store);
    }

    public HeartbeatResponse heartbeat(HeartbeatRequest request) throws SQLException {
        HeartbeatResponse.Builder response = HeartbeatResponse.newBuilder().setRequestId(request.getRequestId())
                .setCommonResponse(CommonResponse.newBuilder().setStatus(0)).setCapabilities(CAPABILITIES);
        String instanceId = request.getInstanceId().toStringUtf8();
        if (instanceId.isEmpty()) {
            return HeartbeatResponse.newBuilder().setRequestId(request.getRequestId()).setCommonResponse(CommonResponse
                    .newBuilder().setStatus(400).setErrorMessage(ByteString.copyFromUtf8("instance_id is empty"))).build();
        }
        boolean full = (request.getFlags() & RequestFlags.FullState_VALUE) != 0;
        long now = System.currentTimeMillis();
        FleetStore.AgentRow known = store.agent(instanceId).orElse(null);
        if (!full && (known == null || known.sequenceNum() + 1 != request.getSequenceNum())) {
            // Unknown (e.g. this server's database was reset) or a heartbeat went missing: ask for everything.
            if (known != null) {
                store.touchAgent(instanceId, request.getSequenceNum(), now);
            }
            return response.setFlags(ResponseFlags.ReportFullState_VALUE).build();
        }
        if (full || request.hasAttributes()) {
            store.putAgent(agentRow(request, known, now));
        } else {
            store.touchAgent(instanceId, request.getSequenceNum(), now);
        }
        if (full || request.getContinuousPipelineConfigsCount() > 0) {
            store.putAgentConfigs(instanceId, statuses(instanceId, request.getContinuousPipelineConfigsList()), full);
            autoRollback(instanceId, request.getContinuousPipelineConfigsList());
        }
        FleetStore.AgentRow agent = store.agent(instanceId).orElseThrow();
        Map<String, Long> wanted = desired.forAgent(agent);
        Map<String, FleetStore.AgentConfig> has = store.agentConfigs(instanceId);
        for (Map.Entry<String, Long> config : wanted.entrySet()) {
            FleetStore.AgentConfig current = has.get(config.getKey());
            if (current == null || current.version() != config.getValue()) {
                store.version(config.getKey(), config.getValue()).ifPresent(v -> response.addContinuousPipelineConfigUpdates(
                        ConfigDetail.newBuilder().setName(v.name()).setVersion(v.version())
                                .setDetail(ByteString.copyFrom(v.yaml(), StandardCharsets.UTF_8))));
            }
        }
        for (FleetStore.AgentConfig current : has.values()) {
            if (!wanted.containsKey(current.config())) {
                response.addContinuousPipelineConfigUpdates(ConfigDetail.newBuilder().setName(current.config()).setVersion(-1));
            }
        }
        return response.build();
    }

    public FetchConfigResponse fetchConfig(FetchConfigRequest request) throws SQLException {
        FetchConfigResponse.Builder response = FetchConfigResponse.newBuilder().setRequestId(request.getRequestId())
                .setCommonResponse(CommonResponse.newBuilder().setStatus(0));
        for (ConfigInfo info : request.getContinuousPipelineConfigsList()) {
            store.version(info.getName(), info.getVersion()).ifPresent(v -> response.addContinuousPipelineConfigUpdates(
                    ConfigDetail.newBuilder().setName(v.name()).setVersion(v.version())
                            .setDetail(ByteString.copyFrom(v.yaml(), StandardCharsets.UTF_8))));
        }
        return response.build();
    }

    public ReportStatusResponse reportStatus(ReportStatusRequest request) throws SQLException {
        String instanceId = request.getInstanceId().toStringUtf8();
        if (store.agent(instanceId).isPresent()) {
            store.putAgentConfigs(instanceId, statuses(instanceId, request.getContinuousPipelineConfigsList()), false);
            autoRollback(instanceId, request.getContinuousPipelineConfigsList());
        }
        return ReportStatusResponse.newBuilder().setRequestId(request.getRequestId())
                .setCommonResponse(CommonResponse.newBuilder().setStatus(0)).build();
    }

    private List<FleetStore.AgentConfig> statuses(String instanceId, List<ConfigInfo> infos) throws SQLException {
        List<FleetStore.AgentConfig> list = new ArrayList<>();
        for (ConfigInfo info : infos) {
            if (info.getVersion() == -1) {
                store.removeAgentConfig(instanceId, info.getName());
                continue;
            }
            list.add(new FleetStore.AgentConfig(instanceId, info.getName(), info.getVersion(), info.getStatus().name(),
                    info.getMessage()));
        }
        return list;
    }

    private void autoRollback(String instanceId, List<ConfigInfo> infos) throws SQLException {
        for (ConfigInfo info : infos) {
            if (info.getStatus() != io.logcamel.fleet.protocol.ConfigStatus.FAILED) {
                continue;
            }
            int ended = store.cancelCanary(info.getName(), info.getVersion(),
                    "canary v" + info.getVersion() + " rolled back: agent " + instanceId + " reported FAILED: " + info.getMessage());
            if (ended > 0) {
                LOG.warnf("config %s: canary version %d rolled back automatically (agent %s FAILED: %s)", info.getName(),
                        info.getVersion(), instanceId, info.getMessage());
            }
        }
    }

    private static FleetStore.AgentRow agentRow(HeartbeatRequest request, FleetStore.AgentRow known, long now) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (request.hasAttributes()) {
            request.getAttributes().getExtrasMap().forEach((k, v) -> attributes.put(k, v.toStringUtf8()));
            attributes.put("version", request.getAttributes().getVersion().toStringUtf8());
            attributes.put("hostid", request.getAttributes().getHostid().toStringUtf8());
        } else if (known != null && known.attributes() != null) {
            attributes.putAll(known.attributes());
        }
        Map<String, String> tags = new LinkedHashMap<>();
        request.getTagsList().forEach(t -> tags.put(t.getName(), t.getValue()));
        attributes.put("tags", tags);
        String ip = request.hasAttributes() ? request.getAttributes().getIp().toStringUtf8() : known == null ? null : known.ip();
        String host = request.hasAttributes() ? request.getAttributes().getHostname().toStringUtf8()
                : known == null ? null : known.hostname();
        return new FleetStore.AgentRow(request.getInstanceId().toStringUtf8(), request.getAgentType(), ip, host, attributes,
                request.getSequenceNum(), request.getStartupTime(), now, request.getRunningStatus());
    }
}
