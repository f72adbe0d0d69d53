package dev.sandbox4j.internal.process;

import java.io.InputStream;

/**
 * A piped stdout or stderr that learns when its sandbox has ended, so that a reader gets what the
 * pipe still holds and then end of file, even when something outside the sandbox keeps the pipe open.
 *
 * <pre>{@code
 * ProgramOutput.settle(stdout, stderr); // with an output limit, on a worker
 * }</pre>
 */
public interface ProgramOutput {
    /** The sandbox has ended: unless a reader is busy, keep what the pipe still holds and close it. */
    void processExited();

    /**
     * As {@link #processExited()} for a stream with an output limit, on a thread that may block:
     * whether the program went over its limit is known once this returns.
     */
    void settle();

    /** {@link #processExited()} for each stream that is a program's output. */
    static void exited(InputStream... streams) {
        for (InputStream s : streams) {
            if (s instanceof ProgramOutput out) {
                out.processExited();
            }
        }
    }

    /** {@link #settle()} for each stream that is a program's output. */
    static void settle(InputStream... streams) {
        for (InputStream s : streams) {
            if (s instanceof ProgramOutput out) {
                out.settle();
            }
        }
    }
}
