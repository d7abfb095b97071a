package io.logcamel.localstore;

import com.aliyun.openservices.log.Client;
import com.aliyun.openservices.log.common.Consts;
import com.aliyun.openservices.log.common.LogContent;
import com.aliyun.openservices.log.common.LogItem;
import com.aliyun.openservices.log.common.QueriedLog;
import com.aliyun.openservices.log.common.TagContent;
import com.aliyun.openservices.log.exception.LogException;
import com.aliyun.openservices.log.http.client.ClientConfiguration;
import com.aliyun.openservices.log.http.signer.SignVersion;
import com.aliyun.openservices.log.request.PutLogsRequest;
import com.aliyun.openservices.log.response.GetLogsResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Log Service Java SDK, an implementation we did not write, puts logs into the local
 * Logstore and reads them back. Runs in the sdk-interop JVM, where {project}.localhost resolves.
 */
@Tag("sdk")
class LocalLogstoreSdkInteropTest {

    static final String KEY_ID = "sdk-key";
    static final String SECRET = "sdk-secret-value";
    static final String PROJECT = "sdk";

    @TempDir
    Path dataDir;
    LocalLogstoreServer server;

    @BeforeEach
    void start() throws Exception {
        server = LocalLogstoreServer.start(new LocalLogstoreSettings("127.0.0.1", 0, dataDir, Map.of(KEY_ID, SECRET), "demo"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Stream<Arguments> signaturesAndCompressions() {
        List<Arguments> cases = new ArrayList<>();
        for (SignVersion version : SignVersion.values()) {
            for (Consts.CompressType compression : Consts.CompressType.values()) {
                cases.add(Arguments.of(version, compression));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("signaturesAndCompressions")
    void sdkPutLogsThenGetLogsReturnsTheSameLogs(SignVersion version, Consts.CompressType compression) throws Exception {
        Client client = client(version, SECRET);
        int now = (int) Instant.now().getEpochSecond();
        List<LogItem> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LogItem item = new LogItem(now - i);
            item.PushBack("content", "request " + i + " done");
            item.PushBack("status", i == 1 ? "500" : "200");
            item.PushBack("path", "/api/v" + i);
            items.add(item);
        }
        PutLogsRequest put = new PutLogsRequest(PROJECT, "store", "orders", "10.1.2.3", items);
        put.SetTags(List.of(new TagContent("__hostname__", "sdk-host"), new TagContent("__pack_id__", "5F3A-0")));
        put.setCompressType(compression);
        client.PutLogs(put);

        GetLogsResponse response = client.GetLogs(PROJECT, "store", now - 60, now + 60, "", "*", 100, 0, false);
        assertTrue(response.IsCompleted());
        List<QueriedLog> logs = response.GetLogs();
        assertEquals(3, logs.size());
        for (QueriedLog log : logs) {
            LogItem item = log.GetLogItem();
            int i = now - item.GetTime();
            Map<String, String> contents = contents(item);
            assertEquals("10.1.2.3", log.GetSource());
            assertEquals(Map.of("content", "request " + i + " done", "status", i == 1 ? "500" : "200",
                    "path", "/api/v" + i, "__topic__", "orders", "__tag__:__hostname__", "sdk-host",
                    "__tag__:__pack_id__", "5F3A-0"), contents);
        }
        assertEquals(1, client.GetLogs(PROJECT, "store", now - 60, now + 60, "", "status: 500", 100, 0, false).GetLogs().size());
    }

    @Test
    void sdkAnalysisQueryReturnsRows() throws Exception {
        Client client = client(SignVersion.V1, SECRET);
        int now = (int) Instant.now().getEpochSecond();
        List<LogItem> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            LogItem item = new LogItem(now);
            item.PushBack("status", i < 3 ? "200" : "404");
            items.add(item);
        }
        client.PutLogs(PROJECT, "store", "", items, "");

        GetLogsResponse response = client.GetLogs(PROJECT, "store", now - 60, now + 60, "",
                "* | SELECT status, count(*) AS c GROUP BY status ORDER BY status", 100, 0, false);
        Map<String, String> counts = new LinkedHashMap<>();
        for (QueriedLog row : response.GetLogs()) {
            Map<String, String> columns = contents(row.GetLogItem());
            counts.put(columns.get("status"), columns.get("c"));
        }
        assertEquals(Map.of("200", "3", "404", "2"), counts);
    }

    @Test
    void sdkWithWrongSecretGetsSignatureNotMatchAndStoresNothing() throws Exception {
        int now = (int) Instant.now().getEpochSecond();
        LogItem item = new LogItem(now);
        item.PushBack("content", "should not be stored");
        for (SignVersion version : SignVersion.values()) {
            LogException error = assertThrows(LogException.class,
                    () -> client(version, "wrong-secret").PutLogs(PROJECT, "store", "", List.of(item), ""));
            assertEquals("SignatureNotMatch", error.GetErrorCode());
        }
        assertEquals(0, client(SignVersion.V1, SECRET)
                .GetLogs(PROJECT, "store", now - 60, now + 60, "", "*", 100, 0, false).GetLogs().size());
    }

    private Client client(SignVersion version, String secret) {
        // SDK 0.6.151 refuses a port in the endpoint, so it reaches the server as its HTTP proxy:
        // requests still carry Host {project}.localhost, as they would to the real service
        ClientConfiguration configuration = new ClientConfiguration();
        configuration.setProxyHost("127.0.0.1");
        configuration.setProxyPort(server.port());
        configuration.setSignatureVersion(version);
        configuration.setRegion("cn-hangzhou");
        configuration.setMaxErrorRetry(0);
        return new Client("localhost", KEY_ID, secret, configuration);
    }

    private static Map<String, String> contents(LogItem item) {
        Map<String, String> contents = new LinkedHashMap<>();
        for (LogContent content : item.GetLogContents()) {
            contents.put(content.GetKey(), content.GetValue());
        }
        return contents;
    }
}
