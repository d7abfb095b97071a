package io.logcamel.spool;

import java.io.IOException;

/** An append refused because the spool is at its cap in {@code block} mode; the exchange must fail. */
public final class SpoolFullException extends IOException {

    public SpoolFullException(String message) {
        super(message);
    }
}
