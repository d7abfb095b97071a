package io.logcamel.parse;

/** Comma-separated key lists, as every step writes them in a URI or YAML option. */
public final class KeyList {

    private KeyList() {
    }

    /** Splits and trims {@code text}; an empty entry is a configuration error of {@code option}. */
    public static String[] split(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new OptionException(option, "at least one key is required");
        }
        String[] keys = text.split(",", -1);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = keys[i].trim();
            if (keys[i].isEmpty()) {
                throw new OptionException(option, "empty key at position " + (i + 1) + " in '" + text + "'");
            }
        }
        return keys;
    }
}
