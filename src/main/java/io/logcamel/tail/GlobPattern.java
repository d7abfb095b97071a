package io.logcamel.tail;

import java.util.regex.Pattern;

/**
 * A path glob: {@code *} matches within one directory level, {@code ?} one character, {@code **}
 * any number of levels including none ({@code **}{@code /*.log} also matches {@code a.log}).
 * Java's own glob matcher needs at least one directory for {@code **}{@code /}, which is not what
 * users of Logtail or Fluent Bit expect, hence this class.
 */
public final class GlobPattern {

    private final String glob;
    private final Pattern regex;

    private GlobPattern(String glob, Pattern regex) {
        this.glob = glob;
        this.regex = regex;
    }

    public static GlobPattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    boolean slashFollows = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                    re.append(slashFollows ? "(?:.*/)?" : ".*");
                    i += slashFollows ? 3 : 2;
                    continue;
                }
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        return new GlobPattern(glob, Pattern.compile(re.toString()));
    }

    /** Matches a path relative to the base directory, with {@code /} separators. */
    public boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
