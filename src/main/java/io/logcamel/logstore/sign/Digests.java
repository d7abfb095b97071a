package io.logcamel.logstore.sign;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The hashes and MACs of the Log Service signatures. */
public final class Digests {

    private static final HexFormat LOWER_HEX = HexFormat.of();
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private Digests() {
    }

    /** The {@code Content-MD5} header value: MD5 of the body as sent, upper-case hex. */
    public static String md5UpperHex(byte[] body) {
        return UPPER_HEX.formatHex(digest("MD5", body));
    }

    public static String sha256Hex(byte[] data) {
        return LOWER_HEX.formatHex(digest("SHA-256", data));
    }

    static String lowerHex(byte[] data) {
        return LOWER_HEX.formatHex(data);
    }

    static byte[] hmac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
    }
}
