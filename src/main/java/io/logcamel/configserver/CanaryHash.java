package io.logcamel.configserver;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which agents run a canary version: those whose instance id hashes into the first
 * {@code percent} of 100 buckets. The hash is stable (CRC-32 of the id, the same on every server
 * and JVM), so several servers agree and an agent stays in or out while the canary lasts.
 */
public final class CanaryHash {

    private CanaryHash() {
    }

    public static int bucket(String instanceId) {
        CRC32 crc = new CRC32();
        crc.update(instanceId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % 100);
    }

    public static boolean inCanary(String instanceId, int percent) {
        return bucket(instanceId) < percent;
    }
}
