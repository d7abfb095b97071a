package io.logcamel.localstore;

import io.logcamel.logstore.sign.Digests;
import io.logcamel.logstore.sign.RequestSigner;
import io.logcamel.logstore.sign.SignableRequest;
import io.logcamel.logstore.sign.SignatureV1;
import io.logcamel.logstore.sign.SignatureV4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a request is signed by a known AccessKey (v1 or v4), recent, and that its body is
 * the one whose digests were signed. Runs before anything is parsed or stored.
 */
final class RequestAuthenticator {

    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);

    private static final Pattern V1 = Pattern.compile("LOG ([^:\\s]+):(\\S+)");
    private static final Pattern V4 = Pattern.compile(
            "SLS4-HMAC-SHA256\\s+Credential=([^/\\s,]+)/(\\d{8})/([^/\\s,]+)/sls/aliyun_v4_request\\s*,\\s*Signature=([0-9a-fA-F]+)");

    private final Map<String, String> secrets;

    RequestAuthenticator(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    /** Returns the accessKeyId that signed {@code request}, or throws the error to answer. */
    String authenticate(IncomingRequest request, Instant now) {
        String authorization = request.header("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw new LogstoreError(401, "Unauthorized", "the Authorization header is missing");
        }
        SignableRequest signable = new SignableRequest(request.method(), request.path(), request.query(), request.headers());
        Matcher v1 = V1.matcher(authorization.trim());
        if (v1.matches()) {
            String secret = secretOf(v1.group(1));
            checkClock(request.header("Date"), "Date", RequestSigner.RFC_1123, now);
            expectSignature(v1.group(2), SignatureV1.signature(secret, signable));
            checkContentMd5(request);
            if (request.header(SignatureV4.CONTENT_SHA256_HEADER) != null) {
                checkContentSha256(request);
            }
            return v1.group(1);
        }
        Matcher v4 = V4.matcher(authorization.trim());
        if (v4.matches()) {
            String secret = secretOf(v4.group(1));
            String dateTime = request.header(SignatureV4.DATE_HEADER);
            checkClock(dateTime, SignatureV4.DATE_HEADER, RequestSigner.ISO_BASIC, now);
            if (!dateTime.startsWith(v4.group(2))) {
                throw new LogstoreError(401, "SignatureNotMatch", "the credential scope date does not match x-log-date");
            }
            expectSignature(v4.group(4).toLowerCase(), SignatureV4.signature(secret, v4.group(3), signable));
            checkContentSha256(request);
            checkContentMd5(request);
            return v4.group(1);
        }
        throw new LogstoreError(401, "Unauthorized",
                "the Authorization header is malformed: expected 'LOG <accessKeyId>:<signature>' or "
                        + "'SLS4-HMAC-SHA256 Credential=<accessKeyId>/<date>/<region>/sls/aliyun_v4_request,Signature=<hex>'");
    }

    private String secretOf(String accessKeyId) {
        String secret = secrets.get(accessKeyId);
        if (secret == null) {
            throw new LogstoreError(401, "Unauthorized", "unknown AccessKeyId '" + accessKeyId + "'");
        }
        return secret;
    }

    private static void expectSignature(String received, String expected) {
        if (!MessageDigest.isEqual(received.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw new LogstoreError(401, "SignatureNotMatch",
                    "the request signature does not match the one computed with the AccessKey's secret");
        }
    }

    private static void checkClock(String value, String header, DateTimeFormatter format, Instant now) {
        if (value == null || value.isBlank()) {
            throw LogstoreError.badRequest("InvalidDate", "the " + header + " header is missing");
        }
        Instant sent;
        try {
            sent = ZonedDateTime.parse(value.trim(), format).toInstant();
        } catch (DateTimeParseException e) {
            throw LogstoreError.badRequest("InvalidDate", "the " + header + " header '" + value + "' is not a valid date");
        }
        if (Duration.between(sent, now).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
            throw LogstoreError.badRequest("RequestTimeExpired", "the " + header + " header '" + value
                    + "' is more than " + MAX_CLOCK_SKEW.toMinutes() + " minutes away from the server time " + now);
        }
    }

    /** Content-MD5 is signed (v1) but the body is not: this ties the body to the signature. */
    private static void checkContentMd5(IncomingRequest request) {
        String md5 = request.header("Content-MD5");
        if (md5 == null || md5.isEmpty()) {
            return;
        }
        if (!md5.equalsIgnoreCase(Digests.md5UpperHex(request.body()))) {
            throw LogstoreError.badRequest("InvalidContentMD5", "Content-MD5 does not match the MD5 of the received body");
        }
    }

    private static void checkContentSha256(IncomingRequest request) {
        String sha = request.header(SignatureV4.CONTENT_SHA256_HEADER);
        if (sha == null || !sha.equalsIgnoreCase(Digests.sha256Hex(request.body()))) {
            throw LogstoreError.badRequest("InvalidContentSha256",
                    "x-log-content-sha256 is missing or does not match the SHA-256 of the received body");
        }
    }
}
