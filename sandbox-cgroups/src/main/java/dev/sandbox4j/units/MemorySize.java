package dev.sandbox4j.units;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Objects;

/**
 * An exact, non-negative amount of memory in bytes, as used for cgroup memory limits and tmpfs sizes.
 *
 * <p>Promises: every unit is a power of 1024; {@link #parse(String)} accepts exactly the forms listed
 * there and nothing else; {@link #toString()} is canonical (the largest unit that divides the value
 * exactly) and {@code parse(x.toString()).equals(x)} for every value.
 *
 * <pre>{@code
 * MemorySize m = MemorySize.parse("80M");   // also "80m", "80MB", "80MiB", "83886080"
 * MemorySize.parse("1.5G").toString();      // "1536M"
 * m.bytes();                                // 83886080
 * m.toString();                             // "80M"
 * MemorySize.ofMebibytes(1536).toString();  // "1536M" (1.5G is not whole in G)
 * }</pre>
 */
public final class MemorySize implements Comparable<MemorySize> {

    /** Zero bytes. */
    public static final MemorySize ZERO = new MemorySize(0);

    private static final String ACCEPTED = "a number of bytes below 2^63, optionally with a fraction, followed by "
            + "nothing or B, or by K, M, G or T, also written KB, KiB, Ki, MB, MiB, Mi, ... (all powers of 1024, "
            + "any letter case), e.g. 80M, 64MB, 64MiB, 1G, 1.5G or 1048576";

    // Largest unit first, so toString picks the largest that divides exactly.
    private static final char[] UNITS = {'T', 'G', 'M', 'K'};

    private final long bytes;

    private MemorySize(long bytes) {
        this.bytes = bytes;
    }

    /**
     * Parses a size such as {@code 80M}, {@code 64MB}, {@code 64MiB}, {@code 1.5G} or {@code 1048576}.
     * Every unit is a power of 1024 ({@code MB} too, as in Docker and the JVM's {@code -Xmx}); a
     * fraction must come to a whole number of bytes.
     *
     * @param text the size as a user typed it
     * @return the size
     * @throws IllegalArgumentException naming the value and the accepted forms when {@code text} is
     *     empty, negative, not a whole number of bytes, has an unknown suffix or is 2^63 bytes or more
     */
    public static MemorySize parse(String text) {
        Objects.requireNonNull(text, "text");
        int end = 0;
        while (end < text.length() && (isDigit(text.charAt(end)) || (text.charAt(end) == '.' && end > 0))) {
            end++;
        }
        if (end == 0) {
            throw invalid(text, text.startsWith("-") ? "it is negative" : "it does not start with a digit");
        }
        String number = text.substring(0, end);
        String suffix = text.substring(end);
        if (number.endsWith(".") || number.indexOf('.') != number.lastIndexOf('.')) {
            throw invalid(text, "'" + number + "' is not a number");
        }
        int shift = shiftOf(suffix);
        if (shift < 0) {
            throw invalid(text, "unknown suffix '" + suffix + "'");
        }
        BigDecimal exact = new BigDecimal(number).multiply(BigDecimal.valueOf(2).pow(shift));
        BigInteger value;
        try {
            value = exact.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw invalid(text, "it is " + exact.toPlainString() + " bytes, not a whole number");
        }
        if (value.bitLength() > 63) {
            throw invalid(text, "it is 2^63 bytes or more");
        }
        return ofBytes(value.longValueExact());
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int shiftOf(String suffix) {
        return switch (suffix.toUpperCase(Locale.ROOT)) {
            case "", "B" -> 0;
            case "K", "KB", "KI", "KIB" -> 10;
            case "M", "MB", "MI", "MIB" -> 20;
            case "G", "GB", "GI", "GIB" -> 30;
            case "T", "TB", "TI", "TIB" -> 40;
            default -> -1;
        };
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid memory size '" + text + "' (" + why + "): expected " + ACCEPTED);
    }

    /** The given number of bytes; {@code bytes} must not be negative. */
    public static MemorySize ofBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("invalid memory size " + bytes + " bytes: must not be negative");
        }
        return bytes == 0 ? ZERO : new MemorySize(bytes);
    }

    /** {@code mebibytes} times 1024*1024 bytes; fails if negative or 2^63 bytes or more. */
    public static MemorySize ofMebibytes(long mebibytes) {
        if (mebibytes < 0 || mebibytes > (Long.MAX_VALUE >> 20)) {
            throw new IllegalArgumentException("invalid memory size " + mebibytes + "M: expected " + ACCEPTED);
        }
        return ofBytes(mebibytes << 20);
    }

    /** The exact number of bytes. */
    public long bytes() {
        return bytes;
    }

    /** This size plus {@code other}, failing when the sum reaches 2^63 bytes. */
    public MemorySize plus(MemorySize other) {
        try {
            return ofBytes(Math.addExact(bytes, other.bytes));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("memory size " + this + " + " + other + " is 2^63 bytes or more", e);
        }
    }

    @Override
    public int compareTo(MemorySize o) {
        return Long.compare(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemorySize m && m.bytes == bytes;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bytes);
    }

    /** Canonical form: the largest of T, G, M, K that divides exactly, else plain bytes ("80M", "1536M", "1000"). */
    @Override
    public String toString() {
        if (bytes == 0) {
            return "0";
        }
        for (int i = 0; i < UNITS.length; i++) {
            int shift = 10 * (UNITS.length - i);
            if ((bytes & ((1L << shift) - 1)) == 0) {
                return (bytes >> shift) + String.valueOf(UNITS[i]);
            }
        }
        return Long.toString(bytes);
    }
}
