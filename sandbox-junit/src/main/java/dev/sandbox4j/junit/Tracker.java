package dev.sandbox4j.junit;

import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.internal.track.StartTracking;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Attributes what the library starts to the test that started it: by the builder or sandbox the extension
 * handed out (from any thread), else by the test's thread (a builder the test made itself).
 */
final class Tracker implements StartTracking.Observer {
    private static final Tracker INSTANCE = new Tracker();

    /** Definitions handed out or derived from them (builder, sandbox), to their scope; weak: a test drops them. */
    private final Map<Object, SandboxScope> owners = Collections.synchronizedMap(new WeakHashMap<>());
    private final ThreadLocal<SandboxScope> current = new ThreadLocal<>();
    /** Every process started since installation, to its command: assertion messages name it. */
    private final Map<Object, String> commands = Collections.synchronizedMap(new WeakHashMap<>());

    static Tracker installed() {
        StartTracking.observe(INSTANCE);
        return INSTANCE;
    }

    /** Whatever is started from {@code definition} (or built from it) belongs to {@code scope}. */
    void own(Object definition, SandboxScope scope) {
        owners.put(definition, scope);
    }

    /** Makes {@code scope} the current thread's; returns the one it replaces, for {@link #leave}. */
    SandboxScope enter(SandboxScope scope) {
        SandboxScope previous = current.get();
        current.set(scope);
        return previous;
    }

    void leave(SandboxScope previous) {
        if (previous == null) {
            current.remove();
        } else {
            current.set(previous);
        }
    }

    /** The current thread's scope, or null. */
    SandboxScope current() {
        return current.get();
    }

    @Override
    public void derived(Object parent, Object child) {
        SandboxScope scope = owners.get(parent);
        if (scope != null) {
            owners.put(child, scope);
        }
    }

    /** The command of {@code process}, or of the process whose result {@code r} is; empty when not seen. */
    Optional<String> commandOf(Object processOrResult) {
        synchronized (commands) {
            String c = commands.get(processOrResult);
            if (c != null) {
                return Optional.of(c);
            }
            return commands.entrySet().stream()
                    .filter(e -> e.getKey() instanceof SandboxProcess p && p.result().getNow(null) == processOrResult)
                    .map(Map.Entry::getValue).findFirst();
        }
    }

    @Override
    public void opened(Object origin, AutoCloseable resource) {
        commands.put(resource, Tracked.of(origin, resource).command());
        SandboxScope scope = owners.get(origin);
        if (scope == null) {
            scope = current.get();
        }
        if (scope != null) {
            scope.track(origin, resource);
        }
    }
}
