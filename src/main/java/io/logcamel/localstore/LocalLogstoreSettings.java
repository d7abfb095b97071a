package io.logcamel.localstore;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to run the embedded Logstore.
 *
 * @param host           address to bind, e.g. {@code 127.0.0.1}
 * @param port           port to bind; 0 picks a free one (tests)
 * @param dataDir        where the embedded database lives; survives restarts
 * @param accessKeys     accessKeyId to accessKeySecret: the keys whose signatures are accepted
 * @param defaultProject the project for requests whose Host carries none (an IP or bare {@code localhost})
 */
public record LocalLogstoreSettings(String host, int port, Path dataDir, Map<String, String> accessKeys,
                                    String defaultProject) {
}
