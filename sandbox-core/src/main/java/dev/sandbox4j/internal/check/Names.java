package dev.sandbox4j.internal.check;

/** Shows a caller's string in a message without letting its control characters garble it. */
final class Names {
    private Names() {}

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
