package io.logcamel.logstore.sign;

import java.util.Locale;

/** Which Log Service request signature to use. */
public enum SignatureVersion {
    V1, V4;

    public static SignatureVersion parse(String value) {
        if (value == null || value.isBlank()) {
            return V1;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "v1", "1" -> V1;
            case "v4", "4" -> V4;
            default -> throw new IllegalArgumentException(
                    "unknown signatureVersion '" + value + "': expected v1 or v4");
        };
    }
}
