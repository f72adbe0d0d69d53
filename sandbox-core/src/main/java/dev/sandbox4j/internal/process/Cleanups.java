package dev.sandbox4j.internal.process;

import java.io.IOException;
import java.util.List;

/**
 * Runs a launch's cleanups, each once, logging (not throwing) failures so the rest still run.
 *
 * <pre>{@code
 * Measurements m = Cleanups.runAll(cleanups);
 * }</pre>
 */
public final class Cleanups {
    private static final System.Logger LOG = System.getLogger(Cleanups.class.getName());

    private Cleanups() {}

    /**
     * Runs every cleanup in order.
     *
     * @param cleanups what to run
     * @return what they measured
     */
    public static Measurements runAll(List<? extends Cleanup> cleanups) {
        Measurements.Builder measured = new Measurements.Builder();
        for (Cleanup c : cleanups) {
            try {
                c.run(measured);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cleaning up after a sandbox failed", e);
            }
        }
        return measured.build();
    }

    /**
     * Whether none of them may block, so they may run on the event loop's thread.
     *
     * @param cleanups the cleanups to look at
     * @return true when every one is {@link Cleanup.Quick}
     */
    static boolean quick(List<? extends Cleanup> cleanups) {
        return cleanups.stream().allMatch(c -> c instanceof Cleanup.Quick);
    }
}
