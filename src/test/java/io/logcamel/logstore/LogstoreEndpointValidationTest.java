package io.logcamel.logstore;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broken settings fail at start-up with an error that names the option, and never echo the secret. */
class LogstoreEndpointValidationTest {

    private static final String SECRET = "very-secret-value";
    private static final String BASE = "logstore:demo/app?endpoint=http://localhost:8480&accessKeyId=id&accessKeySecret="
            + SECRET;

    private CamelContext context;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private String failureOf(String uri) {
        Exception e = assertThrows(Exception.class, () -> context.getEndpoint(uri).createProducer().start());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" / ");
        }
        assertFalse(messages.toString().contains(SECRET), messages.toString());
        return messages.toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "&compressType=xyz|option compressType 'xyz' is invalid: expected lz4, zstd, deflate or none",
            "&signatureVersion=v3|option signatureVersion 'v3' is invalid: expected v1 or v4",
            "&signatureVersion=v4|option region must be set when signatureVersion is v4",
            "&maxBytesPerRequest=20000000|option maxBytesPerRequest 20000000 is invalid",
            "&maxLogsPerRequest=0|option maxLogsPerRequest 0 is invalid",
            "&maxRetries=-1|option maxRetries -1 is invalid",
            "&retryInitialDelay=5000&retryMaxDelay=100|options retryInitialDelay 5000 and retryMaxDelay 100 are invalid",
            "&tags=novalue|option tags is invalid at 'novalue'",
            "&requestTimeout=0|option requestTimeout 0 is invalid"})
    void invalidOptionsAreNamed(String option, String expected) {
        String message = failureOf(BASE + option);
        assertTrue(message.contains("logstore: " + expected), message);
    }

    @Test
    void missingEndpointAndKeysAreNamed() {
        assertTrue(failureOf("logstore:demo/app?accessKeyId=id&accessKeySecret=" + SECRET)
                .contains("option endpoint must be set"));
        assertTrue(failureOf("logstore:demo/app?endpoint=http://localhost:8480&accessKeySecret=" + SECRET)
                .contains("option accessKeyId must be set"));
        assertTrue(failureOf("logstore:demo/app?endpoint=http://localhost:8480&accessKeyId=id")
                .contains("camel.component.logstore.access-key-secret"));
        assertTrue(failureOf(BASE.replace("http://localhost:8480", "ftp://localhost"))
                .contains("option endpoint 'ftp://localhost' is invalid"));
    }

    @Test
    void pathMustNameProjectAndLogstore() {
        assertTrue(failureOf("logstore:demo?endpoint=http://localhost:8480").contains("logstore:project/logstore"));
        assertTrue(failureOf(BASE.replace("demo/app", "Demo_Project/app")).contains("project 'Demo_Project' is invalid"));
    }

    @Test
    void endpointWithoutSchemeMeansHttpsAndTheProjectIsTheHostsFirstLabel() {
        LogstoreAddress address = LogstoreAddress.parse("cn-hangzhou.log.aliyuncs.com");
        assertEquals("https", address.scheme());
        assertEquals("demo.cn-hangzhou.log.aliyuncs.com", address.hostHeader("demo"));
        // TLS must see the name the certificate is issued for
        assertEquals("demo.cn-hangzhou.log.aliyuncs.com", address.connectTarget("demo").getHostName());
        LogstoreAddress local = LogstoreAddress.parse("http://localhost:8480");
        assertEquals("demo.localhost:8480", local.hostHeader("demo"));
        assertEquals("localhost", local.connectTarget("demo").getHostName());
    }

    @Test
    void durationsAcceptCamelsDurationSyntax() throws Exception {
        LogstoreEndpoint endpoint = (LogstoreEndpoint) context.getEndpoint(BASE + "&requestTimeout=45s&retryMaxDelay=1m");
        assertEquals(45_000, endpoint.getConfiguration().getRequestTimeout());
        assertEquals(60_000, endpoint.getConfiguration().getRetryMaxDelay());
    }
}
