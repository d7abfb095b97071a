package io.logcamel.parse.accesslog;

import io.logcamel.parse.regex.RegexFormat;

import java.util.regex.Pattern;

/**
 * The same template as a java.util.regex: quoted literals around lazy {@code (.*?)} groups.
 * Kept as the {@code engine=regex} alternative to {@link TemplateScanner} so the two can be
 * compared on speed (docs/parse.md) and so an odd line can be checked against a regex engine.
 */
public final class TemplateRegex {

    private TemplateRegex() {
    }

    public static RegexFormat compile(AccessLogTemplate template, int budgetPerChar) {
        StringBuilder regex = new StringBuilder();
        int fields = template.keys().size();
        for (int i = 0; i < fields; i++) {
            appendLiteral(regex, template.literals().get(i));
            regex.append(i == fields - 1 ? "(.*)" : "(.*?)");
        }
        appendLiteral(regex, template.literals().get(fields));
        return RegexFormat.compile(regex.toString(), String.join(",", template.keys()), budgetPerChar);
    }

    private static void appendLiteral(StringBuilder regex, String literal) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal));
        }
    }
}
