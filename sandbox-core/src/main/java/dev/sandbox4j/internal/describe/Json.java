package dev.sandbox4j.internal.describe;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * JSON of records, collections, maps, numbers, booleans and strings (anything
 * else as its string): no dependency for {@code SandboxDescription.toJson()}.
 * Empty optionals and nulls are null.
 */
public final class Json {
    private Json() {}

    public static String of(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        switch (v) {
            case null -> b.append("null");
            case Boolean x -> b.append(x);
            case Integer x -> b.append(x);
            case Long x -> b.append(x);
            case Double x -> b.append(x.isNaN() || x.isInfinite() ? "null" : x.toString());
            case Optional<?> o -> write(b, o.orElse(null));
            case OptionalLong o -> write(b, o.isPresent() ? o.getAsLong() : null);
            case OptionalInt o -> write(b, o.isPresent() ? o.getAsInt() : null);
            case OptionalDouble o -> write(b, o.isPresent() ? o.getAsDouble() : null);
            case Duration d -> b.append(d.toNanos() / 1000); // microseconds, as CPU times are counted
            case Record r -> record(b, r);
            case Map<?, ?> m -> {
                b.append('{');
                String sep = "";
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    b.append(sep);
                    string(b, String.valueOf(e.getKey()));
                    b.append(':');
                    write(b, e.getValue());
                    sep = ",";
                }
                b.append('}');
            }
            case Collection<?> c -> {
                b.append('[');
                String sep = "";
                for (Object e : c) {
                    b.append(sep);
                    write(b, e);
                    sep = ",";
                }
                b.append(']');
            }
            default -> string(b, v.toString());
        }
    }

    private static void record(StringBuilder b, Record r) {
        b.append('{');
        String sep = "";
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            b.append(sep);
            string(b, c.getName());
            b.append(':');
            try {
                write(b, c.getAccessor().invoke(r));
            } catch (IllegalAccessException | InvocationTargetException e) {
                b.append("null"); // a record of a package that is not exported to us
            }
            sep = ",";
        }
        b.append('}');
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
