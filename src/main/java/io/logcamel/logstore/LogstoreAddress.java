package io.logcamel.logstore;

import org.apache.hc.core5.http.HttpHost;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a project lives: the endpoint option parsed once. Log Service routes by the Host header
 * ({@code {project}.{endpoint}}), so the name sent and the address connected to are separate.
 */
public record LogstoreAddress(String scheme, String host, int port) {

    /** Parses the endpoint option; a missing scheme means https, as the official SDK assumes. */
    public static LogstoreAddress parse(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("logstore: option endpoint must be set,"
                    + " e.g. https://cn-hangzhou.log.aliyuncs.com or http://localhost:8480");
        }
        String text = endpoint.trim();
        if (!text.contains("://")) {
            text = "https://" + text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid(endpoint, "not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(endpoint, "the scheme must be http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid(endpoint, "no host name");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))) {
            throw invalid(endpoint, "only scheme, host and port are allowed");
        }
        return new LogstoreAddress(scheme, uri.getHost().toLowerCase(Locale.ROOT), uri.getPort());
    }

    private static IllegalArgumentException invalid(String endpoint, String why) {
        return new IllegalArgumentException("logstore: option endpoint '" + endpoint + "' is invalid: " + why);
    }

    /** The Host header for {@code project}: {@code project.host[:port]}. */
    public String hostHeader(String project) {
        return project + "." + host + (port > 0 ? ":" + port : "");
    }

    /**
     * The address to open connections to. Plain http goes to the endpoint host itself, so that
     * {@code http://localhost:8480} works although {@code demo.localhost} may not resolve. https
     * to a real domain goes to the project's own name, as the official SDK does, because TLS
     * checks the certificate against the name connected to and Log Service certificates are
     * issued for {@code *.region.log.aliyuncs.com}.
     */
    public HttpHost connectTarget(String project) {
        boolean byProjectName = scheme.equals("https") && !isLocalOrAddress(host);
        return new HttpHost(scheme, byProjectName ? project + "." + host : host, port);
    }

    private static boolean isLocalOrAddress(String host) {
        return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("[")
                || host.contains(":") || host.matches("[0-9.]+");
    }

    @Override
    public String toString() {
        return scheme + "://" + host + (port > 0 ? ":" + port : "");
    }
}
