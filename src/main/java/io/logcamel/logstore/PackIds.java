package io.logcamel.logstore;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code __pack_id__} tag, {@code <context-hex>-<seq-hex>}: a random context per producer
 * and a sequence per request, which lets Log Service order and de-duplicate packs from one
 * sender (Logtail's convention).
 */
final class PackIds {

    static final String TAG = "__pack_id__";

    private final String context;
    private final AtomicLong sequence = new AtomicLong();

    PackIds() {
        this.context = String.format(Locale.ROOT, "%016X", new SecureRandom().nextLong());
    }

    String next() {
        return context + "-" + Long.toHexString(sequence.getAndIncrement()).toUpperCase(Locale.ROOT);
    }
}
