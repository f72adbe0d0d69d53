package dev.sandbox4j.examples;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations the command line accepts: a number, whole or with a
 * fraction, followed by {@code ms}, {@code s}, {@code m} or {@code h} (also
 * spelled {@code sec}, {@code min}, with or without a space), a plain number
 * of seconds, or an ISO-8601 duration.
 *
 * <pre>{@code
 * Duration d = DurationParser.parse("500ms");   // PT0.5S
 * Duration e = DurationParser.parse("1.5s");    // PT1.5S
 * Duration f = DurationParser.parse("90");      // PT1M30S
 * }</pre>
 */
public final class DurationParser {
    /** Shown in every error message. */
    public static final String ACCEPTED = "a positive number with a unit ms, s, m or h (500ms, 10s, 1.5s, 2m, 1h; "
            + "also sec, min), plain seconds (30), or ISO-8601 (PT10S)";
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?) ?(ms|s|sec|m|min|h)?",
            Pattern.CASE_INSENSITIVE);
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private DurationParser() {}

    /**
     * Returns the duration {@code text} names, to the nanosecond.
     *
     * @param text what the user typed
     * @return a positive duration
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.toUpperCase(Locale.ROOT).startsWith("PT")) {
            try {
                return positive(text, Duration.parse(t));
            } catch (java.time.format.DateTimeParseException e) {
                throw bad(text, "not a duration");
            }
        }
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw bad(text, "not a duration");
        }
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        long secondsPerUnit = switch (unit) {
            case "s", "sec", "ms" -> 1;
            case "m", "min" -> 60;
            case "h" -> 3600;
            default -> throw new AssertionError(unit);
        };
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(NANOS_PER_SECOND)
                .multiply(BigDecimal.valueOf(secondsPerUnit));
        if (unit.equals("ms")) {
            nanos = nanos.movePointLeft(3);
        }
        try {
            BigDecimal[] secondsAndNanos = nanos.divideAndRemainder(NANOS_PER_SECOND);
            return positive(text, Duration.ofSeconds(secondsAndNanos[0].longValueExact(),
                    secondsAndNanos[1].setScale(0, java.math.RoundingMode.DOWN).longValueExact()));
        } catch (ArithmeticException e) {
            throw bad(text, "too large");
        }
    }

    private static Duration positive(String text, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw bad(text, "must be positive");
        }
        return d;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("duration '" + text + "' is " + why + ": use " + ACCEPTED);
    }
}
