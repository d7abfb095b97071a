package io.logcamel.fleet.protocol;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our generated messages against the field table of the protocol: known messages encode to the
 * bytes the table's numbers and types give (worked out by hand from the protobuf encoding), and
 * those bytes decode to the same message.
 */
class ProtocolWireTest {

    private static void roundTrip(com.google.protobuf.Message message, String hex) throws Exception {
        byte[] wire = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertEquals(hex.replace(" ", ""), HexFormat.of().formatHex(message.toByteArray()), message.toString());
        assertEquals(message, message.getParserForType().parseFrom(wire));
        assertArrayEquals(wire, message.getParserForType().parseFrom(wire).toByteArray());
    }

    @Test
    void compressedHeartbeatIsInstanceIdAndSequenceOnly() throws Exception {
        // 2 sequence_num uint64 (tag 0x10), 4 instance_id bytes (tag 0x22)
        roundTrip(HeartbeatRequest.newBuilder().setSequenceNum(300).setInstanceId(ByteString.copyFromUtf8("abc")).build(),
                "10 ac02 22 03 616263");
    }

    @Test
    void fullStateHeartbeat() throws Exception {
        HeartbeatRequest full = HeartbeatRequest.newBuilder()
                .setRequestId(ByteString.copyFromUtf8("r"))                     // 1: 0a 01 72
                .setSequenceNum(1)                                               // 2: 10 01
                .setCapabilities(AgentCapabilities.AcceptsContinuousPipelineConfig_VALUE) // 3: 18 01
                .setInstanceId(ByteString.copyFromUtf8("i"))                     // 4: 22 01 69
                .setAgentType("L")                                               // 5: 2a 01 4c
                .setAttributes(AgentAttributes.newBuilder()                      // 6: 32 len
                        .setIp(ByteString.copyFromUtf8("1.2"))                   //   2: 12 03 312e32
                        .putExtras("k", ByteString.copyFromUtf8("v")))           //   100: a2 06 06 (0a 01 6b 12 01 76)
                .addTags(AgentGroupTag.newBuilder().setName("a").setValue("b")) // 7: 3a 06 0a0161 120162
                .setStartupTime(5)                                               // 9: 48 05
                .addContinuousPipelineConfigs(ConfigInfo.newBuilder()            // 10: 52 0a
                        .setName("c").setVersion(2).setStatus(ConfigStatus.FAILED).setMessage("x")) // 0a0163 1002 1803 220178
                .setFlags(RequestFlags.FullState_VALUE)                          // 13: 68 01
                .build();
        roundTrip(full, "0a0172 1001 1801 220169 2a014c"
                + " 32 0e 1203312e32 a20606 0a016b 120176"
                + " 3a06 0a0161 120162"
                + " 4805"
                + " 520a 0a0163 1002 1803 220178"
                + " 6801");
    }

    @Test
    void versionMinusOneIsTenBytesOfVarint() throws Exception {
        // int64 -1 is the 64-bit two's complement as a varint: a deletion on the wire
        roundTrip(ConfigDetail.newBuilder().setName("c").setVersion(-1).build(), "0a0163 10 ffffffffffffffffff01");
    }

    @Test
    void heartbeatResponseWithUpdatesAndFlags() throws Exception {
        HeartbeatResponse response = HeartbeatResponse.newBuilder()
                .setRequestId(ByteString.copyFromUtf8("r"))                                  // 1: 0a0172
                .setCommonResponse(CommonResponse.newBuilder().setStatus(0))                 // 2: 12 00
                .setCapabilities(ServerCapabilities.RembersAttribute_VALUE
                        | ServerCapabilities.RembersContinuousPipelineConfigStatus_VALUE)  // 3: 18 03
                .addContinuousPipelineConfigUpdates(ConfigDetail.newBuilder()
                        .setName("c").setVersion(3).setDetail(ByteString.copyFromUtf8("y"))) // 4: 22 08 0a0163 1003 1a0179
                .setFlags(ResponseFlags.ReportFullState_VALUE)                               // 7: 38 01
                .build();
        roundTrip(response, "0a0172 1200 1803 2208 0a0163 1003 1a0179 3801");
    }

    @Test
    void serverFaultCarriesOnlyTheCommonResponse() throws Exception {
        roundTrip(FetchConfigResponse.newBuilder().setCommonResponse(CommonResponse.newBuilder()
                .setStatus(500).setErrorMessage(ByteString.copyFromUtf8("db"))).build(), "12 07 08f403 12026462");
        roundTrip(ReportStatusRequest.newBuilder().setInstanceId(ByteString.copyFromUtf8("i"))
                .addContinuousPipelineConfigs(ConfigInfo.newBuilder().setName("c").setVersion(1)
                        .setStatus(ConfigStatus.APPLIED)).build(), "120169 1a07 0a0163 1001 1802");
    }
}
