package io.logcamel.logstore.wire;

import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged agent loads lz4-java through Quarkus' runner class loader, not the system one;
 * there {@code LZ4Factory.fastestInstance()} skips the native library. This loads CompressType
 * and lz4-java in a class loader of their own, as the agent does, and asks which LZ4 it chose.
 */
class Lz4ImplementationTest {

    @Test
    void nativeLz4IsChosenUnderANonSystemClassLoader() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"),
                "lz4-java ships a native library for this platform");
        URL lz4Jar = LZ4Factory.class.getProtectionDomain().getCodeSource().getLocation();
        URL ourClasses = CompressType.class.getProtectionDomain().getCodeSource().getLocation();
        URL slf4j = org.slf4j.LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {ourClasses, lz4Jar, slf4j},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> compressType = Class.forName(CompressType.class.getName(), true, isolated);
            Object implementation = compressType.getMethod("lz4Implementation").invoke(null);
            assertEquals("LZ4Factory:JNI", implementation);
        }
    }

    @Test
    void lz4RoundTrips() {
        byte[] raw = "127.0.0.1 - - [02/Dec/2026:11:00:00 +0000] \"GET / HTTP/1.1\" 200 612 \"-\" \"curl\"\n"
                .repeat(200).getBytes(StandardCharsets.UTF_8);
        byte[] compressed = CompressType.LZ4.compress(raw);
        assertArrayEquals(raw, CompressType.LZ4.decompress(compressed, raw.length));
    }
}
