package io.logcamel.logstore.sign;

import java.util.Objects;

/**
 * An AccessKey pair, optionally with an STS security token. {@link #toString()} never shows the
 * secret or the token: a Credentials object may end up in a log line or an exception message.
 */
public record Credentials(String accessKeyId, String accessKeySecret, String securityToken) {

    public Credentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(accessKeySecret, "accessKeySecret");
    }

    public Credentials(String accessKeyId, String accessKeySecret) {
        this(accessKeyId, accessKeySecret, null);
    }

    public boolean hasSecurityToken() {
        return securityToken != null && !securityToken.isEmpty();
    }

    @Override
    public String toString() {
        return "Credentials[accessKeyId=" + accessKeyId + ", accessKeySecret=******"
                + (hasSecurityToken() ? ", securityToken=******" : "") + "]";
    }
}
