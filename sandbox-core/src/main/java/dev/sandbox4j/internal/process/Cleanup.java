package dev.sandbox4j.internal.process;

import java.io.IOException;

/**
 * Runs after the sandbox ended, before its result completes (cgroup removal, mounts), and may
 * record what it measured.
 *
 * <pre>{@code
 * cleanups.add(measured -> { measured.cgroup(cg.stats(), cg.oomKilled()); cg.close(); });
 * }</pre>
 */
@FunctionalInterface
public interface Cleanup {
    /**
     * Removes what one launch created on the host.
     *
     * @param measured where to record what was measured before removing it
     * @throws IOException when the removal failed (logged; the other cleanups still run)
     */
    void run(Measurements.Builder measured) throws IOException;

    /** A cleanup that never blocks (a lock released): it may run on the event loop's thread. */
    @FunctionalInterface
    interface Quick extends Cleanup {}
}
