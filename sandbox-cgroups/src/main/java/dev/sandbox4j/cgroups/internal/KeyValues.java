package dev.sandbox4j.cgroups.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/** Flat keyed files such as {@code cpu.stat}, {@code memory.events}, {@code memory.oom_control}: "key value" per line. */
public record KeyValues(Map<String, Long> values) {

    public static KeyValues parse(String text) {
        Map<String, Long> m = new HashMap<>();
        for (String line : text.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                try {
                    m.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1).trim()));
                } catch (NumberFormatException ignored) {
                    // A line with a non-numeric value is not one we read.
                }
            }
        }
        return new KeyValues(Map.copyOf(m));
    }

    public OptionalLong get(String key) {
        Long v = values.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
