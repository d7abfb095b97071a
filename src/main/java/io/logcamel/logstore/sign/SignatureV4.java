package io.logcamel.logstore.sign;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Log Service signature v4 ({@code SLS4-HMAC-SHA256}).
 *
 * <p>A canonical request (verb, path, sorted percent-encoded query, the signed headers
 * {@code content-type}, {@code host}, {@code x-log-*}, {@code x-acs-*}, their names, and the
 * body's SHA-256) is hashed into a string to sign for the scope
 * {@code yyyyMMdd/region/sls/aliyun_v4_request}, and signed with a key derived by an
 * HMAC-SHA256 chain from {@code "aliyun_v4" + secret}.
 */
public final class SignatureV4 {

    public static final String ALGORITHM = "SLS4-HMAC-SHA256";
    public static final String DATE_HEADER = "x-log-date";
    public static final String CONTENT_SHA256_HEADER = "x-log-content-sha256";
    public static final String EMPTY_BODY_SHA256 = Digests.sha256Hex(new byte[0]);
    private static final String TERMINATOR = "aliyun_v4_request";

    private SignatureV4() {
    }

    /**
     * The Authorization header for {@code request}, which must already carry {@code x-log-date}
     * (ISO-8601 basic, {@code yyyyMMdd'T'HHmmss'Z'}) and {@code x-log-content-sha256}.
     */
    public static String authorization(Credentials credentials, String region, SignableRequest request) {
        String dateTime = request.header(DATE_HEADER);
        String scope = scope(dateTime.substring(0, Math.min(8, dateTime.length())), region);
        return ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ",Signature=" + signature(credentials.accessKeySecret(), region, request);
    }

    public static String signature(String accessKeySecret, String region, SignableRequest request) {
        String dateTime = request.header(DATE_HEADER);
        if (dateTime.length() < 8) {
            throw new IllegalArgumentException("x-log-date is missing or malformed: '" + dateTime + "'");
        }
        String date = dateTime.substring(0, 8);
        String scope = scope(date, region);
        String stringToSign = ALGORITHM + "\n" + dateTime + "\n" + scope + "\n"
                + Digests.sha256Hex(canonicalRequest(request).getBytes(StandardCharsets.UTF_8));
        byte[] key = ("aliyun_v4" + accessKeySecret).getBytes(StandardCharsets.UTF_8);
        for (String part : new String[] {date, region, "sls", TERMINATOR}) {
            key = Digests.hmac("HmacSHA256", key, part.getBytes(StandardCharsets.UTF_8));
        }
        return Digests.lowerHex(Digests.hmac("HmacSHA256", key, stringToSign.getBytes(StandardCharsets.UTF_8)));
    }

    static String scope(String date, String region) {
        return date + "/" + region + "/sls/" + TERMINATOR;
    }

    static String canonicalRequest(SignableRequest request) {
        StringBuilder text = new StringBuilder(512).append(request.method()).append('\n')
                .append(request.path()).append('\n');
        String separator = "";
        for (Map.Entry<String, String> parameter : request.query().entrySet()) {
            text.append(separator).append(parameter.getKey());
            String value = parameter.getValue();
            if (value != null && !value.isEmpty()) {
                text.append('=').append(percentEncode(value));
            }
            separator = "&";
        }
        text.append('\n');
        TreeMap<String, String> signed = new TreeMap<>();
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("content-type") || name.equals("host")
                    || name.startsWith("x-log-") || name.startsWith("x-acs-")) {
                signed.put(name, header.getValue() == null ? "" : header.getValue().trim());
            }
        }
        for (Map.Entry<String, String> header : signed.entrySet()) {
            text.append(header.getKey()).append(':').append(header.getValue()).append('\n');
        }
        text.append('\n').append(String.join(";", signed.keySet())).append('\n');
        return text.append(request.header(CONTENT_SHA256_HEADER)).toString();
    }

    static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }
}
