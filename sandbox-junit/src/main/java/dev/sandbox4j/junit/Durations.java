package dev.sandbox4j.junit;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations of {@link SandboxConfig#timeout()}. */
final class Durations {
    private Durations() {}

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

    static Duration parse(String what, String text) {
        Matcher m = SHORT.matcher(text.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a duration: use a number with ms, s, m "
                    + "or h (\"500ms\", \"5s\") or ISO-8601 (\"PT5S\")", e);
        }
    }
}
