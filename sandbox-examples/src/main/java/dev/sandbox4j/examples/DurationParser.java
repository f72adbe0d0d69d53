package dev.sandbox4j.examples;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations the command line accepts: a whole number followed by
 * {@code ms}, {@code s}, {@code m} or {@code h}, or a plain number of seconds.
 *
 * <pre>{@code
 * Duration d = DurationParser.parse("500ms");   // PT0.5S
 * Duration e = DurationParser.parse("90");      // PT1M30S
 * }</pre>
 */
public final class DurationParser {
    /** Shown in every error message. */
    public static final String ACCEPTED = "a positive whole number with a unit ms, s, m or h (500ms, 10s, 2m, 1h), "
            + "or plain seconds (30)";
    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private DurationParser() {}

    /**
     * Returns the duration {@code text} names.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw bad(text, "not a duration");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw bad(text, "too large");
        }
        if (amount == 0) {
            throw bad(text, "must be positive");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        try {
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> throw new AssertionError(unit);
            };
        } catch (ArithmeticException e) {
            throw bad(text, "too large");
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("duration '" + text + "' is " + why + ": use " + ACCEPTED);
    }
}
