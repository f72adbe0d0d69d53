package dev.sandbox4j.internal.text;

import java.util.Iterator;
import java.util.Map;

/**
 * A minimal JSON writer for the small objects the library and sandbox-run print: values may be
 * {@code null}, strings, numbers, booleans, nested maps and iterables.
 *
 * <pre>{@code
 * Json.write(Map.of("status", "EXITED", "exitCode", 3))   // {"status":"EXITED","exitCode":3}
 * }</pre>
 */
public final class Json {
    private Json() {}

    /** The JSON text of {@code value}, on one line. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b);
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case Double d when Double.isFinite(d) -> out.append(d); // a cpus limit (0.5)
            case Number n -> throw new IllegalArgumentException("only whole and finite numbers are written, got " + n);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(out, String.valueOf(e.getKey()));
                    out.append(':');
                    append(out, e.getValue());
                }
                out.append('}');
            }
            case Iterable<?> list -> {
                out.append('[');
                for (Iterator<?> it = list.iterator(); it.hasNext(); ) {
                    append(out, it.next());
                    if (it.hasNext()) {
                        out.append(',');
                    }
                }
                out.append(']');
            }
            default -> string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
