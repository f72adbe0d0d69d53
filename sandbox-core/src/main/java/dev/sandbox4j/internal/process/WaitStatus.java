package dev.sandbox4j.internal.process;

/**
 * A {@code wait(2)} status decoded once: either an exit code or the signal that ended the process.
 * The shim reports raw statuses (the program's in an exited record, the init's in a reaped one).
 *
 * <pre>{@code
 * WaitStatus.of(3 << 8).exitCode(); // 3
 * WaitStatus.of(9).signal();        // 9
 * }</pre>
 *
 * @param exitCode the exit code, -1 when a signal ended the process
 * @param signal   the signal that ended the process, 0 when it exited
 */
public record WaitStatus(int exitCode, int signal) {
    /**
     * Decodes a raw status ({@code WIFEXITED}/{@code WEXITSTATUS}/{@code WTERMSIG}).
     *
     * @param raw the status as {@code waitpid} stores it
     * @return the decoded status
     */
    public static WaitStatus of(int raw) {
        int signal = raw & 0x7f;
        return signal == 0 ? new WaitStatus((raw >> 8) & 0xff, 0) : new WaitStatus(-1, signal);
    }

    /** Whether the process exited (rather than being killed by a signal). */
    boolean exited() {
        return signal == 0;
    }

    /** "exited with code 3", "was killed by signal 9". */
    String describe() {
        return exited() ? "exited with code " + exitCode : "was killed by signal " + signal;
    }
}
