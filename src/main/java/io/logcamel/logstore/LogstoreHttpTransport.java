package io.logcamel.logstore;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Sends signed PutLogs over a pooled Apache HttpClient shared by all producer threads. It
 * connects to {@link LogstoreAddress#connectTarget} and sends the project's host name as
 * authority (Host header), and does no retries of its own: the producer owns retries.
 */
final class LogstoreHttpTransport implements AutoCloseable {

    /** Error bodies are small JSON documents; anything longer is cut rather than buffered. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final HttpHost target;
    private final URIAuthority authority;
    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient client;

    /** The answer of one attempt. */
    record Answer(int status, String requestId, byte[] body) {
    }

    LogstoreHttpTransport(HttpHost target, String hostHeader, long connectTimeoutMillis, long requestTimeoutMillis) {
        this.target = target;
        int colon = hostHeader.lastIndexOf(':');
        this.authority = colon < 0 ? new URIAuthority(hostHeader)
                : new URIAuthority(hostHeader.substring(0, colon), Integer.parseInt(hostHeader.substring(colon + 1)));
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(connectTimeoutMillis))
                        .setSocketTimeout(Timeout.ofMilliseconds(requestTimeoutMillis))
                        .build())
                .setMaxConnTotal(64)
                .setMaxConnPerRoute(32);
        if (!"https".equalsIgnoreCase(target.getSchemeName())) {
            // the default TLS strategy loads the JDK's TLS stack and trust store: about 140 ms of
            // CPU per logstore endpoint at start (the race's profile), for a plain-HTTP target that
            // never upgrades a connection
            pool.setTlsSocketStrategy(LogstoreHttpTransport::refuseTls);
        }
        this.connections = pool.build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofMilliseconds(requestTimeoutMillis))
                        .setConnectionRequestTimeout(Timeout.ofMilliseconds(requestTimeoutMillis))
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .build();
    }

    private static SSLSocket refuseTls(Socket socket, String target, int port, Object attachment, HttpContext context)
            throws SSLException {
        throw new SSLException("TLS to " + target + ":" + port + " asked of a transport made for plain HTTP");
    }

    Answer send(PutLogsRequest request, Map<String, String> signedHeaders) throws IOException {
        HttpPost post = new HttpPost(uri(request));
        post.setScheme(target.getSchemeName());
        post.setAuthority(authority);
        for (Map.Entry<String, String> header : signedHeaders.entrySet()) {
            // Host comes from the authority; Content-Length from the entity.
            if (!header.getKey().equalsIgnoreCase("Host")) {
                post.setHeader(header.getKey(), header.getValue());
            }
        }
        post.setEntity(new ByteArrayEntity(request.body(), ContentType.create(LogstoreRequestBuilder.CONTENT_TYPE)));
        return client.execute(target, post, response -> {
            Header requestId = response.getFirstHeader("x-log-requestid");
            return new Answer(response.getCode(), requestId == null ? null : requestId.getValue(),
                    readBounded(response.getEntity()));
        });
    }

    private static java.net.URI uri(PutLogsRequest request) throws IOException {
        try {
            URIBuilder builder = new URIBuilder().setPath(request.path());
            request.query().forEach(builder::addParameter);
            return builder.build();
        } catch (URISyntaxException e) {
            throw new IOException("cannot build the request URI", e);
        }
    }

    private static byte[] readBounded(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            byte[] answer = in.readNBytes(MAX_ANSWER_BYTES);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return answer;
        }
    }

    @Override
    public void close() {
        connections.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
        try {
            client.close();
        } catch (IOException ignored) {
            // closing a pool we no longer use; nothing to recover
        }
    }
}
