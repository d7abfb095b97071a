package io.logcamel.logstore.sign;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Signs outgoing Log Service requests: adds the date headers, the security token when there is
 * one, and {@code Authorization}, in the way the chosen signature version wants them.
 */
public final class RequestSigner {

    public static final DateTimeFormatter RFC_1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    public static final DateTimeFormatter ISO_BASIC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.US).withZone(ZoneOffset.UTC);

    private final Credentials credentials;
    private final SignatureVersion version;
    private final String region;

    public RequestSigner(Credentials credentials, SignatureVersion version, String region) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.version = Objects.requireNonNull(version, "version");
        if (version == SignatureVersion.V4 && (region == null || region.isBlank())) {
            throw new IllegalArgumentException("region must be set for signatureVersion v4");
        }
        this.region = region;
    }

    public SignatureVersion version() {
        return version;
    }

    /**
     * Adds the signing headers to {@code headers} (a mutable map that already holds Host,
     * Content-Type, Content-MD5 and the request's own {@code x-log-*} headers).
     *
     * @param body the body as sent, for v4's {@code x-log-content-sha256}; null or empty for none
     */
    public void sign(String method, String path, Map<String, String> query, Map<String, String> headers,
                     byte[] body, Instant now) {
        headers.put("Date", RFC_1123.format(now));
        if (credentials.hasSecurityToken()) {
            headers.put("x-acs-security-token", credentials.securityToken());
        }
        String authorization;
        if (version == SignatureVersion.V1) {
            headers.put("x-log-signaturemethod", "hmac-sha1");
            authorization = SignatureV1.authorization(credentials, new SignableRequest(method, path, query, headers));
        } else {
            headers.put(SignatureV4.DATE_HEADER, ISO_BASIC.format(now));
            headers.put(SignatureV4.CONTENT_SHA256_HEADER,
                    body == null || body.length == 0 ? SignatureV4.EMPTY_BODY_SHA256 : Digests.sha256Hex(body));
            authorization = SignatureV4.authorization(credentials, region,
                    new SignableRequest(method, path, query, headers));
        }
        headers.put("Authorization", authorization);
    }
}
