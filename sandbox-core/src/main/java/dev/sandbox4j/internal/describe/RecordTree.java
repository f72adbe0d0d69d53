package dev.sandbox4j.internal.describe;

import dev.sandbox4j.internal.text.Json;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Records (their components, in order), optionals and durations as the maps,
 * lists and plain values {@link Json} writes: {@code SandboxDescription.toJson()}
 * without a dependency. Empty optionals are null; durations are microseconds.
 */
public final class RecordTree {
    private RecordTree() {}

    /** The JSON text of {@code value}. */
    public static String json(Object value) {
        return Json.write(tree(value));
    }

    static Object tree(Object v) {
        return switch (v) {
            case null -> null;
            case Optional<?> o -> tree(o.orElse(null));
            case OptionalLong o -> o.isPresent() ? o.getAsLong() : null;
            case OptionalInt o -> o.isPresent() ? o.getAsInt() : null;
            case OptionalDouble o -> o.isPresent() ? o.getAsDouble() : null;
            case Duration d -> d.toNanos() / 1000;
            case Record r -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    try {
                        m.put(c.getName(), tree(c.getAccessor().invoke(r)));
                    } catch (IllegalAccessException | InvocationTargetException e) {
                        m.put(c.getName(), null); // a record of a package not exported to us
                    }
                }
                yield m;
            }
            case Map<?, ?> map -> {
                Map<String, Object> m = new LinkedHashMap<>();
                map.forEach((k, x) -> m.put(String.valueOf(k), tree(x)));
                yield m;
            }
            case Collection<?> c -> {
                List<Object> l = new ArrayList<>();
                c.forEach(x -> l.add(tree(x)));
                yield l;
            }
            default -> v;
        };
    }
}
