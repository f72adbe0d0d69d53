package dev.sandbox4j;

import java.io.IOException;
import java.util.Optional;

/**
 * A sandbox could not be started. The message names the step that failed,
 * the errno and the path or value involved, and a hint where the cause is
 * common:
 *
 * <pre>{@code
 * try { sandbox.start(); }
 * catch (SandboxStartException e) {
 *     log(e.step() + " failed: " + e.getMessage());   // "execve", "mount", ...
 * }
 * }</pre>
 */
public final class SandboxStartException extends IOException {
    private static final long serialVersionUID = 1L;
    /** The setup step that failed. */
    private final String step;
    /** The errno it failed with, 0 when none. */
    private final int errno;
    /** A likely cause and fix, or null. */
    private final String hint;

    /**
     * A failure the shim or the launcher reported.
     *
     * @param step    the setup step that failed ({@code "mount"}, {@code "execve"}, ...)
     * @param errno   the errno it failed with, or 0
     * @param message what failed, naming the path or value
     * @param hint    a likely cause and fix, or null
     */
    public SandboxStartException(String step, int errno, String message, String hint) {
        super(hint == null ? message : message + "\n  hint: " + hint);
        this.step = step;
        this.errno = errno;
        this.hint = hint;
    }

    /**
     * A failure with an underlying cause and no errno.
     *
     * @param step    the setup step that failed
     * @param message what failed
     * @param cause   the underlying failure
     */
    public SandboxStartException(String step, String message, Throwable cause) {
        super(message, cause);
        this.step = step;
        this.errno = 0;
        this.hint = null;
    }

    /**
     * The setup step that failed: {@code "clone"}, {@code "uid_map"}, {@code "mount"}, {@code "execve"}, ...
     *
     * @return the step
     */
    public String step() {
        return step;
    }

    /**
     * The errno of the failure, 0 when it had none.
     *
     * @return the errno, or 0
     */
    public int errno() {
        return errno;
    }

    /**
     * A likely cause and its fix, when one is known (user namespaces disabled, program not in the root, ...).
     *
     * @return the hint, or empty
     */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
