package dev.sandbox4j.fs.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for image manifests: objects become maps, arrays lists,
 * strings strings, numbers doubles, true/false booleans, null null.
 * Manifests come from untrusted archives, so every malformed or hostile
 * input ends in an {@link IllegalArgumentException} naming the offset:
 * nesting deeper than {@link #MAX_DEPTH} (recursion would otherwise
 * overflow the stack), numbers longer than {@link #MAX_NUMBER_CHARS} or not
 * in JSON's grammar, bad escapes, and text ending inside a value.
 */
final class MiniJson {
    /** Real manifests nest 4 levels; 64 leaves room and keeps the recursion a few KiB deep. */
    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_CHARS = 64;
    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private final String s;
    private int i;
    private int depth;

    private MiniJson(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        MiniJson p = new MiniJson(text);
        Object v = p.value();
        p.ws();
        if (p.i != text.length()) {
            throw p.error("trailing characters");
        }
        return v;
    }

    private Object value() {
        ws();
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(i);
        return switch (c) {
            case '{', '[' -> nested(c);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Object nested(char open) {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        Object v = open == '{' ? object() : array();
        depth--;
        return v;
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        ws();
        if (peek('}')) {
            return m;
        }
        do {
            ws();
            String k = string();
            ws();
            expect(':');
            m.put(k, value());
            ws();
        } while (peek(','));
        expect('}');
        return m;
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        i++;
        ws();
        if (peek(']')) {
            return l;
        }
        do {
            l.add(value());
            ws();
        } while (peek(','));
        expect(']');
        return l;
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i >= s.length()) {
                break;
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> b.append(unicodeEscape());
                case '"', '\\', '/' -> b.append(e);
                default -> throw error("bad escape '\\" + e + "'");
            }
        }
        throw error("unterminated string");
    }

    private char unicodeEscape() {
        if (i + 4 > s.length()) {
            throw error("\\u escape cut short");
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(s.charAt(i + k), 16);
            if (d < 0) {
                throw error("bad \\u escape '" + s.substring(i, i + 4) + "'");
            }
            v = v * 16 + d;
        }
        i += 4;
        return (char) v;
    }

    private Object number() {
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
            if (i - start > MAX_NUMBER_CHARS) {
                throw error("number longer than " + MAX_NUMBER_CHARS + " characters");
            }
        }
        if (start == i) {
            throw error("unexpected character '" + s.charAt(i) + "'");
        }
        String n = s.substring(start, i);
        if (!NUMBER.matcher(n).matches()) {
            throw error("'" + n + "' is not a JSON number");
        }
        return Double.parseDouble(n);
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, i)) {
            throw error("expected " + word);
        }
        i += word.length();
        return v;
    }

    private boolean peek(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("bad JSON at offset " + i + ": " + what);
    }
}
