package io.logcamel.fleet.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentIdentityReaderTest {

    @TempDir
    Path dir;

    @Test
    void idsFromTheFileAndTheEnvironmentTagsFromTheSetting() throws Exception {
        Path file = dir.resolve("user_defined_id");
        Files.writeString(file, "web-frontend\n\n# comment\n  shop-eu  \n");
        AgentIdentity identity = AgentIdentityReader.read(file, Optional.of("10.9.8.7"), Optional.of("env=prod, zone=a"),
                Map.of("LOGCAMEL_USER_DEFINED_ID", "from-env,shop-eu", "ALIYUN_LOGTAIL_USER_DEFINED_ID", "legacy"), "1.0");
        assertEquals(List.of("web-frontend", "shop-eu", "from-env", "legacy"), identity.userDefinedIds());
        assertEquals(Map.of("env", "prod", "zone", "a"), identity.tags());
        assertEquals("10.9.8.7", identity.ip());
        assertEquals("LogCamel", identity.agentType());
        assertFalse(identity.hostname().isBlank());
        assertTrue(identity.startupTime() > 0);
    }

    @Test
    void instanceIdIsNewPerProcessAndTheDetectedIpIsNotLoopbackWhenTheHostHasOne() {
        AgentIdentity one = AgentIdentityReader.read(dir.resolve("none"), Optional.empty(), Optional.empty(), Map.of(), "1");
        AgentIdentity two = AgentIdentityReader.read(dir.resolve("none"), Optional.empty(), Optional.empty(), Map.of(), "1");
        assertNotEquals(one.instanceId(), two.instanceId());
        assertEquals(List.of(), one.userDefinedIds());
        if (!one.ips().isEmpty()) {
            assertEquals(one.ips().get(0), one.ip());
            assertFalse(one.ip().startsWith("127."), one.ip());
        }
    }

    @Test
    void aTagWithoutEqualsNamesTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentIdentityReader.parseTags("env=prod,oops"));
        assertTrue(e.getMessage().startsWith("logcamel.agent.tags: 'oops' is not key=value"), e.getMessage());
    }
}
