package dev.sandbox4j.fs.internal;

/**
 * A file name a sandboxed program chose, made safe to print one per line:
 * nothing in it can end the line, start another, or move the cursor. A
 * backslash becomes {@code \\}; newline, tab and carriage return
 * {@code \n}, {@code \t}, {@code \r}; other C0 controls and DEL
 * {@code \xHH}; C1 controls, the Unicode line and paragraph separators and
 * format characters (bidirectional overrides, zero-width characters)
 * <code>&#92;uXXXX</code>. Everything else is kept, so ordinary names read as they are
 * and an escaped name can be decoded unambiguously.
 */
public final class DisplayName {
    private DisplayName() {}

    public static String escape(String name) {
        StringBuilder b = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            String e = escape(c);
            if (e != null && b == null) {
                b = new StringBuilder(name.length() + 16).append(name, 0, i);
            }
            if (b != null) {
                if (e != null) {
                    b.append(e);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? name : b.toString();
    }

    private static String escape(char c) {
        return switch (c) {
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            case '\r' -> "\\r";
            default -> {
                if (c < 0x20 || c == 0x7f) {
                    yield String.format("\\x%02x", (int) c);
                }
                if ((c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                        || Character.getType(c) == Character.FORMAT) {
                    yield String.format("\\u%04x", (int) c);
                }
                yield null;
            }
        };
    }
}
