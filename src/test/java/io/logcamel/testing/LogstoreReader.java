package io.logcamel.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logcamel.logstore.sign.Credentials;
import io.logcamel.logstore.sign.RequestSigner;
import io.logcamel.logstore.sign.SignatureVersion;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.net.URIAuthority;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Reads logs back from a Logstore with a signed GetLogs request, as a test would check what
 * arrived. Connects to {@code 127.0.0.1:port} and names the project in the signed Host header,
 * so it needs no DNS for {@code {project}.localhost}.
 */
public final class LogstoreReader implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloseableHttpClient http = HttpClients.createDefault();
    private final int port;
    private final String project;
    private final RequestSigner signer;

    public LogstoreReader(int port, String project, String accessKeyId, String accessKeySecret) {
        this.port = port;
        this.project = project;
        this.signer = new RequestSigner(new Credentials(accessKeyId, accessKeySecret), SignatureVersion.V1, null);
    }

    /** Up to {@code line} logs of the last day matching {@code query}, oldest first, from {@code offset}. */
    public List<Map<String, String>> query(String logstore, String query, int line, int offset) throws IOException {
        long now = Instant.now().getEpochSecond();
        Map<String, String> params = new TreeMap<>();
        params.put("type", "log");
        params.put("from", Long.toString(now - 86_400));
        params.put("to", Long.toString(now + 86_400));
        params.put("query", query);
        params.put("line", Integer.toString(line));
        params.put("offset", Integer.toString(offset));
        params.put("reverse", "false");
        String path = "/logstores/" + logstore;
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("x-log-apiversion", "0.6.0");
        headers.put("x-log-bodyrawsize", "0");
        signer.sign("GET", path, params, headers, null, Instant.now());
        StringBuilder uri = new StringBuilder(path);
        String separator = "?";
        for (Map.Entry<String, String> parameter : params.entrySet()) {
            uri.append(separator).append(parameter.getKey()).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
            separator = "&";
        }
        HttpGet request = new HttpGet(uri.toString());
        request.setAuthority(new URIAuthority(project + ".localhost", port));
        headers.forEach(request::setHeader);
        return http.execute(new HttpHost("http", "127.0.0.1", port), request, response -> {
            String body = EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            if (response.getCode() != 200) {
                throw new IOException("GetLogs " + logstore + " answered " + response.getCode() + ": " + body);
            }
            List<Map<String, String>> logs = JSON.readValue(body, new TypeReference<List<Map<String, String>>>() { });
            return logs;
        });
    }

    /** Every log of {@code logstore} matching {@code query}, paging through GetLogs. */
    public List<Map<String, String>> all(String logstore, String query) throws IOException {
        List<Map<String, String>> logs = new ArrayList<>();
        while (true) {
            List<Map<String, String>> page = query(logstore, query, 100, logs.size());
            logs.addAll(page);
            if (page.size() < 100) {
                return logs;
            }
        }
    }

    /** Polls until the logs matching {@code query} satisfy {@code condition}, or fails after {@code timeout}. */
    public List<Map<String, String>> awaitLogs(String logstore, String query, Duration timeout,
                                               Predicate<List<Map<String, String>>> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Map<String, String>> logs = List.of();
        Exception lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                logs = all(logstore, query);
                if (condition.test(logs)) {
                    return logs;
                }
            } catch (IOException e) {
                lastError = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + " waiting on " + logstore + " '" + query
                + "'; last saw " + logs.size() + " logs" + (lastError == null ? "" : ", last error: " + lastError));
    }

    /**
     * How many logs of {@code logstore} hold each value of {@code column}, among those matching the
     * SQL condition {@code where}, in one analysis query: a per-line oracle without paging.
     */
    public Map<String, Integer> countBy(String logstore, String column, String where) throws IOException {
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (Map<String, String> row : query(logstore, "* | SELECT " + column + " AS value, count(*) AS n WHERE " + where
                + " GROUP BY " + column + " LIMIT 10000000", 100, 0)) {
            counts.put(row.get("value"), Integer.parseInt(row.get("n")));
        }
        return counts;
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
