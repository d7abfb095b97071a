package io.logcamel.configserver;

import com.google.protobuf.ByteString;
import io.logcamel.fleet.agent.ConfigServerClient;
import io.logcamel.fleet.protocol.AgentAttributes;
import io.logcamel.fleet.protocol.AgentCapabilities;
import io.logcamel.fleet.protocol.AgentGroupTag;
import io.logcamel.fleet.protocol.ConfigDetail;
import io.logcamel.fleet.protocol.ConfigInfo;
import io.logcamel.fleet.protocol.ConfigStatus;
import io.logcamel.fleet.protocol.HeartbeatRequest;
import io.logcamel.fleet.protocol.HeartbeatResponse;
import io.logcamel.fleet.protocol.RequestFlags;
import io.logcamel.fleet.protocol.ResponseFlags;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * A protocol client that behaves like an agent without running routes: full state first and
 * when asked, compressed heartbeats otherwise, and each update "applied" by a verdict function
 * (APPLIED, or FAILED for a detail it rejects). Tests and the 1,000-agent benchmark use it.
 */
public final class SimulatedAgent {

    public final String instanceId = UUID.randomUUID().toString();
    private final ConfigServerClient client;
    private final String ip;
    private final String userDefinedIds;
    private final Map<String, String> tags;
    private final Map<String, ConfigInfo> configs = new LinkedHashMap<>();
    private Function<ConfigDetail, String> verdict = d -> null;
    private long sequence;
    private boolean fullState = true;
    private boolean changed;

    public SimulatedAgent(ConfigServerClient client, String ip, String userDefinedIds, Map<String, String> tags) {
        this.client = client;
        this.ip = ip;
        this.userDefinedIds = userDefinedIds;
        this.tags = tags;
    }

    /** A function returning an error message for a detail this agent fails, or null to apply it. */
    public SimulatedAgent failing(Function<ConfigDetail, String> verdict) {
        this.verdict = verdict;
        return this;
    }

    public Map<String, ConfigInfo> configs() {
        return configs;
    }

    public HeartbeatRequest nextRequest() {
        HeartbeatRequest.Builder request = HeartbeatRequest.newBuilder().setSequenceNum(++sequence)
                .setInstanceId(ByteString.copyFromUtf8(instanceId)).setRequestId(ByteString.copyFromUtf8("r" + sequence));
        if (fullState) {
            request.setFlags(RequestFlags.FullState_VALUE).setAgentType("LogCamel")
                    .setCapabilities(AgentCapabilities.AcceptsContinuousPipelineConfig_VALUE).setStartupTime(1)
                    .setAttributes(AgentAttributes.newBuilder().setIp(ByteString.copyFromUtf8(ip))
                            .setHostname(ByteString.copyFromUtf8("sim-" + ip))
                            .putExtras("user_defined_id", ByteString.copyFromUtf8(userDefinedIds)));
            tags.forEach((k, v) -> request.addTags(AgentGroupTag.newBuilder().setName(k).setValue(v)));
            request.addAllContinuousPipelineConfigs(configs.values());
        } else if (changed) {
            request.addAllContinuousPipelineConfigs(configs.values());
        }
        fullState = false;
        changed = false;
        return request.build();
    }

    /** One heartbeat; applies what the answer carries. */
    public HeartbeatResponse heartbeat() throws IOException {
        HeartbeatResponse response = client.heartbeat(nextRequest());
        take(response);
        return response;
    }

    public void take(HeartbeatResponse response) {
        if (response.getCommonResponse().getStatus() != 0) {
            return;
        }
        if ((response.getFlags() & ResponseFlags.ReportFullState_VALUE) != 0) {
            fullState = true;
        }
        for (ConfigDetail detail : response.getContinuousPipelineConfigUpdatesList()) {
            changed = true;
            if (detail.getVersion() == -1) {
                configs.remove(detail.getName());
                continue;
            }
            String error = verdict.apply(detail);
            configs.put(detail.getName(), ConfigInfo.newBuilder().setName(detail.getName()).setVersion(detail.getVersion())
                    .setStatus(error == null ? ConfigStatus.APPLIED : ConfigStatus.FAILED)
                    .setMessage(error == null ? "" : error).build());
        }
    }

    /**
     * Whether the next heartbeat has something to say (new statuses after an update, or the full
     * state the server asked for): the managed agent then beats again at once, not an interval later.
     */
    public boolean reportPending() {
        return changed || fullState;
    }

    /** Forgets its sequence (as after a lost request), so the next heartbeat is out of order. */
    public void skipSequence() {
        sequence += 5;
    }
}
