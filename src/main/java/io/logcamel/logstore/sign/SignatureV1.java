package io.logcamel.logstore.sign;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Log Service signature v1: {@code Authorization: LOG <accessKeyId>:<Base64(HMAC-SHA1(secret, stringToSign))>}.
 *
 * <p>The string to sign is the verb, Content-MD5, Content-Type, Date, every {@code x-log-*} and
 * {@code x-acs-*} header as {@code name:value} sorted by name, and the resource (path plus the
 * sorted, un-encoded query), one per line.
 */
public final class SignatureV1 {

    public static final String PREFIX = "LOG ";

    private SignatureV1() {
    }

    public static String authorization(Credentials credentials, SignableRequest request) {
        return PREFIX + credentials.accessKeyId() + ":" + signature(credentials.accessKeySecret(), request);
    }

    public static String signature(String accessKeySecret, SignableRequest request) {
        byte[] mac = Digests.hmac("HmacSHA1", accessKeySecret.getBytes(StandardCharsets.UTF_8),
                stringToSign(request).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac);
    }

    static String stringToSign(SignableRequest request) {
        StringBuilder text = new StringBuilder(256)
                .append(request.method()).append('\n')
                .append(request.header("Content-MD5")).append('\n')
                .append(request.header("Content-Type")).append('\n')
                .append(request.header("Date")).append('\n');
        TreeMap<String, String> signed = new TreeMap<>();
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-log-") || name.startsWith("x-acs-")) {
                signed.put(name, header.getValue());
            }
        }
        String separator = "";
        for (Map.Entry<String, String> header : signed.entrySet()) {
            text.append(separator).append(header.getKey()).append(':').append(header.getValue());
            separator = "\n";
        }
        text.append('\n').append(request.path());
        if (!request.query().isEmpty()) {
            separator = "?";
            for (Map.Entry<String, String> parameter : request.query().entrySet()) {
                text.append(separator).append(parameter.getKey()).append('=').append(parameter.getValue());
                separator = "&";
            }
        }
        return text.toString();
    }
}
