package dev.sandbox4j.internal.process;

/**
 * Where the event loop and a sandbox's lifecycle read the time: {@link #SYSTEM} in production, a
 * fake one in unit tests, so that timeouts and kill grace periods are tested without sleeping.
 *
 * <pre>{@code
 * long start = clock.nanoTime();
 * Duration wall = Duration.ofNanos(clock.nanoTime() - start);
 * }</pre>
 */
@FunctionalInterface
public interface Clock {
    /** {@link System#nanoTime()}. */
    Clock SYSTEM = System::nanoTime;

    /**
     * A monotonic reading in nanoseconds, meaningful only as a difference to another reading.
     *
     * @return the current reading
     */
    long nanoTime();
}
