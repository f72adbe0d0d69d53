package dev.sandbox4j.examples.judge;

import java.util.Arrays;

/**
 * How the judge compares a program's output with the expected one.
 *
 * <pre>{@code
 * Compare.TOKENS.matches("1 2\n".getBytes(), "1  2".getBytes()); // true
 * }</pre>
 */
public enum Compare {
    /** Byte for byte. */
    EXACT,
    /** The same whitespace-separated tokens: spacing, blank lines and a final newline do not matter. */
    TOKENS;

    public boolean matches(byte[] actual, byte[] expected) {
        return this == EXACT ? Arrays.equals(actual, expected) : Arrays.equals(tokens(actual), tokens(expected));
    }

    private static String[] tokens(byte[] text) {
        String s = new String(text, java.nio.charset.StandardCharsets.ISO_8859_1).strip(); // bytes as they are
        return s.isEmpty() ? new String[0] : s.split("\\s+");
    }
}
