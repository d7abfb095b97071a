package io.logcamel.localstore;

import io.quarkus.runtime.configuration.MemorySize;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalLogstoreSettingsTest {

    record Config(boolean enabled, String host, int port, String dataDir, Optional<List<String>> accessKeys,
                  String defaultProject, int threads, boolean anonymousLoopbackRead,
                  LocalstoreConfig.Faults faults, boolean journalFsync, MemorySize maxIndexBacklog, Duration queryWait,
                  int maxColumns) implements LocalstoreConfig {

        Config(boolean enabled, String host, int port, String dataDir, Optional<List<String>> accessKeys,
               String defaultProject, int threads, boolean anonymousLoopbackRead, LocalstoreConfig.Faults faults) {
            this(enabled, host, port, dataDir, accessKeys, defaultProject, threads, anonymousLoopbackRead, faults, false,
                    new MemorySize(BigInteger.valueOf(256L << 20)), Duration.ofSeconds(10), 512);
        }

        static Config withKeys(String... keys) {
            return new Config(true, "127.0.0.1", 8480, "data/localstore", Optional.of(List.of(keys)), "demo", 8, false,
                    new FaultValues(Optional.empty(), 1.0, false, 0));
        }

        Config withStorage(boolean fsync, long backlog, Duration wait, int columns) {
            return new Config(enabled, host, port, dataDir, accessKeys, defaultProject, threads, anonymousLoopbackRead,
                    faults, fsync, new MemorySize(BigInteger.valueOf(backlog)), wait, columns);
        }
    }

    record FaultValues(Optional<String> errorCode, double rate, boolean outage, long latencyMillis)
            implements LocalstoreConfig.Faults {
    }

    @Test
    void buildsSettingsFromConfig() {
        LocalLogstoreSettings settings = LocalstoreSettingsFactory.settings(Config.withKeys("agent:s3cret", "ops:other:with:colons"));
        assertEquals(Map.of("agent", "s3cret", "ops", "other:with:colons"), settings.accessKeys());
        assertEquals(Path.of("data/localstore"), settings.dataDir());
        assertEquals(8480, settings.port());
        assertFalse(settings.toString().contains("s3cret"), "settings never print secrets");
    }

    @Test
    void accessKeyEntryWithoutColonNamesTheSettingButNotTheSecret() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> LocalstoreSettingsFactory.settings(Config.withKeys("agent:ok", "x")));
        assertEquals("logcamel.localstore.access-keys entry 'x' must be id:secret", error.getMessage());

        error = assertThrows(IllegalArgumentException.class,
                () -> LocalstoreSettingsFactory.settings(Config.withKeys("agent:")));
        assertTrue(error.getMessage().startsWith("logcamel.localstore.access-keys entry 'agent'"));

        error = assertThrows(IllegalArgumentException.class,
                () -> LocalstoreSettingsFactory.settings(Config.withKeys(":topsecret")));
        assertFalse(error.getMessage().contains("topsecret"), error.getMessage());
    }

    @Test
    void enabledWithoutKeysIsRefused() {
        Config none = new Config(true, "127.0.0.1", 8480, "d", Optional.empty(), "demo", 8, false, new FaultValues(Optional.empty(), 1, false, 0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalstoreSettingsFactory.settings(none))
                .getMessage().startsWith("logcamel.localstore.access-keys"));
    }

    @Test
    void badValuesNameTheirSetting() {
        Config badPort = new Config(true, "127.0.0.1", 70000, "d", Optional.of(List.of("a:b")), "demo", 8, false, null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalstoreSettingsFactory.settings(badPort))
                .getMessage().startsWith("logcamel.localstore.port"));
        Config badProject = new Config(true, "127.0.0.1", 1, "d", Optional.of(List.of("a:b")), "Bad Project", 8, false, null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalstoreSettingsFactory.settings(badProject))
                .getMessage().startsWith("logcamel.localstore.default-project"));
        FaultInjector injector = new FaultInjector();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalstoreSettingsFactory.applyFaults(
                new FaultValues(Optional.of("ServerBusy"), 2, false, 0), injector)).getMessage().startsWith("logcamel.localstore.faults"));
    }

    @Test
    void storageSettingsAreCarriedAndBadOnesNameTheirSetting() {
        LocalLogstoreSettings.Storage storage = LocalstoreSettingsFactory.settings(
                Config.withKeys("a:b").withStorage(true, 64L << 20, Duration.ofMillis(250), 40)).storage();
        assertEquals(new LocalLogstoreSettings.Storage(true, 64L << 20, Duration.ofMillis(250), 40), storage);
        assertEquals(LocalLogstoreSettings.Storage.DEFAULTS, LocalstoreSettingsFactory.settings(Config.withKeys("a:b")).storage(),
                "the config defaults are the storage defaults");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalstoreSettingsFactory.settings(
                Config.withKeys("a:b").withStorage(true, 1000, Duration.ofSeconds(1), 40)))
                .getMessage().startsWith("logcamel.localstore.max-index-backlog"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalstoreSettingsFactory.settings(
                Config.withKeys("a:b").withStorage(true, 64L << 20, Duration.ofSeconds(-1), 40)))
                .getMessage().startsWith("logcamel.localstore.query-wait"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalstoreSettingsFactory.settings(
                Config.withKeys("a:b").withStorage(true, 64L << 20, Duration.ofSeconds(1), 0)))
                .getMessage().startsWith("logcamel.localstore.max-columns"));
    }

    @Test
    void projectComesFromTheHostsFirstLabel() {
        ProjectResolver resolver = new ProjectResolver("demo");
        assertEquals("shop", resolver.projectOf("shop.localhost:8480"));
        assertEquals("shop", resolver.projectOf("shop.cn-hangzhou.log.aliyuncs.com"));
        assertEquals("shop", resolver.projectOf("shop.127.0.0.1:8480"));
        assertEquals("demo", resolver.projectOf("127.0.0.1:8480"));
        assertEquals("demo", resolver.projectOf("localhost:8480"));
        assertEquals("demo", resolver.projectOf("[::1]:8480"));
        assertEquals("demo", resolver.projectOf(null));
    }
}
