package io.logcamel.logstore;

import com.aliyun.openservices.log.common.auth.DefaultCredentials;
import com.aliyun.openservices.log.common.auth.StaticCredentialsProvider;
import com.aliyun.openservices.log.http.client.HttpMethod;
import com.aliyun.openservices.log.http.signer.SlsV1Signer;
import com.aliyun.openservices.log.http.signer.SlsV4Signer;
import io.logcamel.logstore.sign.Credentials;
import io.logcamel.logstore.sign.RequestSigner;
import io.logcamel.logstore.sign.SignatureVersion;
import io.logcamel.logstore.wire.CompressType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our signatures against the official SDK's signers, the independent oracle: the same request
 * must get the same Authorization. Requests are built by our own request builder, so what is
 * compared is exactly what the producer sends.
 */
class SignerAgreementTest {

    private static final String KEY_ID = "LTAI5tExampleKeyId";
    private static final String SECRET = "example+Secret/with=chars";
    private static final String TOKEN = "CAIS-sts-token-example==";

    private static com.aliyun.openservices.log.common.auth.CredentialsProvider sdkCredentials(boolean withToken) {
        return new StaticCredentialsProvider(withToken
                ? new DefaultCredentials(KEY_ID, SECRET, TOKEN) : new DefaultCredentials(KEY_ID, SECRET));
    }

    private static PutLogsRequest putLogs(SignatureVersion version, String hashKey, boolean withToken) {
        RequestSigner signer = new RequestSigner(new Credentials(KEY_ID, SECRET, withToken ? TOKEN : null), version,
                "cn-hangzhou");
        LogstoreRequestBuilder builder = new LogstoreRequestBuilder("demo.cn-hangzhou.log.aliyuncs.com", "app",
                CompressType.LZ4, signer);
        return builder.build("some protobuf bytes, ünïcode too".getBytes(StandardCharsets.UTF_8), 1, hashKey);
    }

    private static Map<String, String> ours(PutLogsRequest request, SignatureVersion version, boolean withToken,
                                            Instant at) {
        RequestSigner signer = new RequestSigner(new Credentials(KEY_ID, SECRET, withToken ? TOKEN : null), version,
                "cn-hangzhou");
        return new LogstoreRequestBuilder(request.headers().get("Host"), "app", CompressType.LZ4, signer)
                .sign(request, at);
    }

    @ParameterizedTest(name = "v1 hashKey={0} token={1}")
    @CsvSource({"'',false", "'',true", "0123abcd,false", "0123abcd,true"})
    void v1MatchesTheSdk(String hashKey, boolean withToken) {
        PutLogsRequest request = putLogs(SignatureVersion.V1, hashKey, withToken);
        Map<String, String> sdkHeaders = new HashMap<>(request.headers());
        new SlsV1Signer(sdkCredentials(withToken)).sign(HttpMethod.POST, sdkHeaders, request.path(),
                new HashMap<>(request.query()), request.body());
        // the SDK signs at "now": sign ours at the instant it put in Date
        Instant at = ZonedDateTime.parse(sdkHeaders.get("Date"), RequestSigner.RFC_1123.withZone(java.time.ZoneOffset.UTC))
                .toInstant();
        Map<String, String> headers = ours(request, SignatureVersion.V1, withToken, at);
        assertEquals(sdkHeaders.get("Content-MD5"), headers.get("Content-MD5"));
        assertEquals(sdkHeaders.get("Date"), headers.get("Date"));
        assertEquals(sdkHeaders.get("Authorization"), headers.get("Authorization"));
    }

    @ParameterizedTest(name = "v4 hashKey={0} token={1}")
    @CsvSource({"'',false", "'',true", "0123abcd,false", "key with space+plus,true"})
    void v4MatchesTheSdk(String hashKey, boolean withToken) {
        PutLogsRequest request = putLogs(SignatureVersion.V4, hashKey, withToken);
        Map<String, String> sdkHeaders = new HashMap<>(request.headers());
        new SlsV4Signer(sdkCredentials(withToken), "cn-hangzhou").sign(HttpMethod.POST, sdkHeaders, request.path(),
                new HashMap<>(request.query()), request.body());
        Instant at = java.time.LocalDateTime.parse(sdkHeaders.get("x-log-date"),
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(java.time.ZoneOffset.UTC);
        Map<String, String> headers = ours(request, SignatureVersion.V4, withToken, at);
        assertEquals(sdkHeaders.get("x-log-content-sha256"), headers.get("x-log-content-sha256"));
        assertEquals(sdkHeaders.get("Authorization"), headers.get("Authorization"));
    }

    @Test
    void v1GetLogsWithQueryParametersMatchesTheSdk() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("type", "log");
        query.put("from", "1700000000");
        query.put("to", "1700000600");
        query.put("query", "level: ERROR and * | SELECT count(*)");
        query.put("line", "100");
        Map<String, String> base = new LinkedHashMap<>();
        base.put("Host", "demo.localhost:8480");
        base.put("x-log-apiversion", "0.6.0");
        base.put("x-log-bodyrawsize", "0");
        Map<String, String> sdkHeaders = new HashMap<>(base);
        new SlsV1Signer(sdkCredentials(false)).sign(HttpMethod.GET, sdkHeaders, "/logstores/app", new HashMap<>(query),
                null);
        Instant at = ZonedDateTime.parse(sdkHeaders.get("Date"), RequestSigner.RFC_1123.withZone(java.time.ZoneOffset.UTC))
                .toInstant();
        Map<String, String> headers = new LinkedHashMap<>(base);
        new RequestSigner(new Credentials(KEY_ID, SECRET), SignatureVersion.V1, null)
                .sign("GET", "/logstores/app", query, headers, null, at);
        assertEquals(sdkHeaders.get("Authorization"), headers.get("Authorization"));
    }

    /** The SDK's own deterministic v4 vectors (SignerV4Test in aliyun-log-java-sdk), plain cases. */
    @ParameterizedTest(name = "sdk v4 vector {0} {1}")
    @CsvSource({
            "POST,cn-shanghai,false,true,8a10a5e723cb2e75964816de660b2c16a58af8bc0261f7f0722d832468c76ce8",
            "POST,cn-hangzhou,true,false,5a66d8f8051983e0e9d08e0f960ef9252ef971eead5bb5c7acec8617a2eb2701",
            "GET,cn-hangzhou,true,false,d92741852500791d662a8d469ff61627c0559ecd86c3f59b7bf6772b6c62666a",
            "POST,cn-hangzhou,true,true,a98f5632e93836e63839cd836a54055f480020a9364ca944e2d34f2eb9bf1bed"})
    void v4MatchesTheSdkVectors(String method, String region, boolean withHeadersAndParams, boolean withBody,
                                String expectedSignature) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        if (withHeadersAndParams) {
            headers.put("hello", "world");
            headers.put("hello-Text", "a12X- ");
            headers.put(" Ko ", "");
            headers.put("x-log-test", "het123");
            headers.put("x-acs-ppp", "dds");
            query.put(" abc", "efg");
            query.put(" agc ", "");
            query.put("", "efg");
            query.put("A-bc", "eFg");
        }
        byte[] body = withBody ? "adasd= -asd zcas".getBytes(StandardCharsets.UTF_8) : new byte[0];
        Instant at = Instant.parse("2022-08-08T03:23:30Z");
        new RequestSigner(new Credentials("acsddda21dsd", "zxasdasdasw2"), SignatureVersion.V4, region)
                .sign(method, "/logstores", query, headers, body, at);
        assertEquals("SLS4-HMAC-SHA256 Credential=acsddda21dsd/20220808/" + region
                + "/sls/aliyun_v4_request,Signature=" + expectedSignature, headers.get("Authorization"));
    }
}
