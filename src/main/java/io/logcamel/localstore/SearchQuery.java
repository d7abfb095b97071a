package io.logcamel.localstore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The search half of a Log Service query ({@code status: 500 and not timeout}) translated into a
 * parameterized SQL condition over the stored logs. User text only ever becomes a parameter.
 *
 * <pre>
 * query   := or
 * or      := and ("or" and)*
 * and     := unary (["and"] unary)*          adjacent terms are and-ed, "a not b" is a and not b
 * unary   := "not" unary | "(" or ")" | term
 * term    := "*" | word | "quoted phrase" | key ":" value | key (">"|">="|"<"|"<="|"=") number
 * value   := "*" | word["*"] | "quoted"
 * </pre>
 * A bare word matches logs with any content value containing it, ignoring case. {@code key: v}
 * matches the value exactly (ignoring case), {@code key: v*} by prefix, {@code key: *} when the key
 * exists. {@code __topic__} and {@code __source__} address the log group's fields. Keys are
 * resolved against the logstore's columns ({@link LogstoreSchema}).
 */
final class SearchQuery {

    private final List<Token> tokens;
    private final LogstoreSchema schema;
    private int position;

    private SearchQuery(List<Token> tokens, LogstoreSchema schema) {
        this.tokens = tokens;
        this.schema = schema;
    }

    /**
     * Translates {@code text} for the columns of {@code schema}; a blank text or {@code *} matches
     * everything, a key no log of the logstore has matches nothing.
     */
    static SqlCondition toCondition(String text, LogstoreSchema schema) {
        if (text == null || text.isBlank()) {
            return SqlCondition.TRUE;
        }
        SearchQuery parser = new SearchQuery(tokenize(text), schema);
        SqlCondition condition = parser.parseOr();
        if (parser.position < parser.tokens.size()) {
            throw LogstoreError.parameterInvalid("query: unexpected '" + parser.tokens.get(parser.position).text
                    + "' at token " + (parser.position + 1));
        }
        return condition;
    }

    private SqlCondition parseOr() {
        SqlCondition left = parseAnd();
        while (peekKeyword("or")) {
            position++;
            left = left.or(parseAnd());
        }
        return left;
    }

    private SqlCondition parseAnd() {
        SqlCondition left = parseUnary();
        while (position < tokens.size()) {
            Token next = tokens.get(position);
            if (next.kind == Kind.CLOSE || peekKeyword("or")) {
                break;
            }
            if (peekKeyword("and")) {
                position++;
            }
            left = left.and(parseUnary());
        }
        return left;
    }

    private SqlCondition parseUnary() {
        if (position >= tokens.size()) {
            throw LogstoreError.parameterInvalid("query: ends where a term was expected");
        }
        Token token = tokens.get(position);
        if (peekKeyword("not")) {
            position++;
            return parseUnary().negate();
        }
        if (token.kind == Kind.OPEN) {
            position++;
            SqlCondition inner = parseOr();
            if (position >= tokens.size() || tokens.get(position).kind != Kind.CLOSE) {
                throw LogstoreError.parameterInvalid("query: '(' without its ')'");
            }
            position++;
            return inner;
        }
        if (token.kind == Kind.WORD || token.kind == Kind.QUOTED) {
            position++;
            if (position < tokens.size() && tokens.get(position).kind == Kind.OPERATOR) {
                return keyed(token, tokens.get(position++));
            }
            return fullText(token);
        }
        throw LogstoreError.parameterInvalid("query: unexpected '" + token.text + "' where a term was expected");
    }

    private SqlCondition keyed(Token key, Token operator) {
        if (position >= tokens.size() || (tokens.get(position).kind != Kind.WORD && tokens.get(position).kind != Kind.QUOTED)) {
            throw LogstoreError.parameterInvalid("query: '" + key.text + " " + operator.text + "' needs a value");
        }
        Token value = tokens.get(position++);
        if (operator.text.equals(":")) {
            if (value.kind == Kind.WORD && value.text.equals("*")) {
                return field(key.text, v -> v + " IS NOT NULL", List.of());
            }
            if (value.kind == Kind.WORD && value.text.endsWith("*")) {
                String prefix = value.text.substring(0, value.text.length() - 1).toLowerCase(Locale.ROOT);
                return field(key.text, v -> "starts_with(lower(" + v + "), ?)", List.of(prefix));
            }
            return field(key.text, v -> "lower(" + v + ") = ?", List.of(value.text.toLowerCase(Locale.ROOT)));
        }
        double number;
        try {
            number = Double.parseDouble(value.text);
        } catch (NumberFormatException e) {
            throw LogstoreError.parameterInvalid("query: '" + key.text + " " + operator.text + " " + value.text
                    + "' compares with something that is not a number");
        }
        return field(key.text, v -> "TRY_CAST(" + v + " AS DOUBLE) " + operator.text + " ?", List.of(number));
    }

    /** {@code test} on the key's values: the log group's topic or source, or a content key's column. */
    private SqlCondition field(String key, UnaryOperator<String> test, List<Object> params) {
        return switch (key) {
            case "__topic__", "__source__" -> LogSelection.ofGroups(test.apply(key.equals("__topic__") ? "topic" : "source"), params);
            default -> schema.valueOf(key, test, params);
        };
    }

    private SqlCondition fullText(Token token) {
        String text = token.text;
        if (token.kind == Kind.WORD) {
            if (text.equals("*")) {
                return SqlCondition.TRUE;
            }
            // the index is a substring scan, so a trailing wildcard adds nothing
            if (text.endsWith("*")) {
                text = text.substring(0, text.length() - 1);
            }
        }
        return schema.anyValue(v -> "contains(lower(" + v + "), ?)", List.of(text.toLowerCase(Locale.ROOT)));
    }

    private boolean peekKeyword(String keyword) {
        return position < tokens.size() && tokens.get(position).kind == Kind.WORD
                && tokens.get(position).text.equalsIgnoreCase(keyword);
    }

    // ---- tokens ---------------------------------------------------------------------------

    private enum Kind { WORD, QUOTED, OPEN, CLOSE, OPERATOR }

    private record Token(Kind kind, String text) {
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                tokens.add(new Token(Kind.OPEN, "("));
                i++;
            } else if (c == ')') {
                tokens.add(new Token(Kind.CLOSE, ")"));
                i++;
            } else if (c == ':' || c == '=') {
                tokens.add(new Token(Kind.OPERATOR, String.valueOf(c)));
                i++;
            } else if (c == '<' || c == '>') {
                boolean orEqual = i + 1 < text.length() && text.charAt(i + 1) == '=';
                tokens.add(new Token(Kind.OPERATOR, orEqual ? c + "=" : String.valueOf(c)));
                i += orEqual ? 2 : 1;
            } else if (c == '"') {
                StringBuilder quoted = new StringBuilder();
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    quoted.append(text.charAt(i++));
                }
                if (i >= text.length()) {
                    throw LogstoreError.parameterInvalid("query: a quoted phrase is not closed");
                }
                i++;
                tokens.add(new Token(Kind.QUOTED, quoted.toString()));
            } else {
                int start = i;
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))
                        && "():=<>\"".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, text.substring(start, i)));
            }
        }
        return tokens;
    }
}
