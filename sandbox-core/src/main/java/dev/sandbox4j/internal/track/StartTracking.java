package dev.sandbox4j.internal.track;

import java.util.Objects;

/**
 * Tells an observer (the {@code sandbox-junit} extension) what was started and from what, so a test
 * framework can close everything a test started and name what was left running. Without an observer
 * each call is one volatile read.
 *
 * <p>Two events: {@link #derived} links a definition to one made from it (a builder to the
 * {@code Sandbox} its {@code build()} returned), so an observer that handed out the builder recognises
 * the sandbox; {@link #opened} reports a live resource and the definition it came from: a
 * {@code SandboxProcess} from {@code Sandbox.start()} today, and whatever else holds sandboxes later
 * (a pool reports itself here when it is created, and the observer learns to close it).
 *
 * <pre>{@code
 * StartTracking.observe(new StartTracking.Observer() {
 *     public void derived(Object parent, Object child) { ... }
 *     public void opened(Object origin, AutoCloseable resource) { ... }
 * });
 * }</pre>
 */
public final class StartTracking {
    private StartTracking() {}

    /** Receives the events; called on the thread that built or started, so it must be quick and not throw. */
    public interface Observer {
        /**
         * {@code child} was made from {@code parent}.
         *
         * @param parent the definition made from, e.g. a builder
         * @param child what was made, e.g. the sandbox it built
         */
        void derived(Object parent, Object child);

        /**
         * {@code resource} was just opened from {@code origin}.
         *
         * @param origin the definition it came from
         * @param resource the live resource, e.g. a started sandbox
         */
        void opened(Object origin, AutoCloseable resource);
    }

    private static volatile Observer observer;

    /**
     * Installs the one observer of this JVM; installing the same one again is a no-op.
     *
     * @param o the observer
     */
    public static synchronized void observe(Observer o) {
        Objects.requireNonNull(o, "observer");
        if (observer != null && observer != o) {
            throw new IllegalStateException("an observer is already installed: " + observer);
        }
        observer = o;
    }

    /**
     * Reports that {@code child} was made from {@code parent}.
     *
     * @param <T> the child's type
     * @param parent the definition made from
     * @param child what was made
     * @return {@code child}
     */
    public static <T> T derived(Object parent, T child) {
        Observer o = observer;
        if (o != null) {
            o.derived(parent, child);
        }
        return child;
    }

    /**
     * Reports that {@code resource} was just opened from {@code origin}.
     *
     * @param <T> the resource's type
     * @param origin the definition it came from
     * @param resource the live resource
     * @return {@code resource}
     */
    public static <T extends AutoCloseable> T opened(Object origin, T resource) {
        Observer o = observer;
        if (o != null) {
            o.opened(origin, resource);
        }
        return resource;
    }
}
