package dev.sandbox4j.cgroups.internal;

import java.io.IOException;
import java.time.Duration;

/** Bounded polling for a kernel state change (cgroupfs has no cheap blocking wait that works on v1 and v2). */
public final class Poll {

    /** A condition that may read files. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws IOException;
    }

    private Poll() {
    }

    /**
     * Polls {@code condition} with sleeps growing from 0.2 ms to 10 ms until it holds or {@code timeout} passes.
     *
     * @return whether it held
     */
    public static boolean until(Duration timeout, Condition condition) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleepNanos = 200_000;
        while (true) {
            if (condition.holds()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(Duration.ofNanos(sleepNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for a cgroup state change", e);
            }
            sleepNanos = Math.min(sleepNanos * 2, 10_000_000);
        }
    }
}
