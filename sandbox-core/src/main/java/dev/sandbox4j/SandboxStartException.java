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
    private final String step;
    private final int errno;
    private final String hint;

    public SandboxStartException(String step, int errno, String message, String hint) {
        super(hint == null ? message : message + "\n  hint: " + hint);
        this.step = step;
        this.errno = errno;
        this.hint = hint;
    }

    public SandboxStartException(String step, String message, Throwable cause) {
        super(message, cause);
        this.step = step;
        this.errno = 0;
        this.hint = null;
    }

    /** The setup step that failed: {@code "clone"}, {@code "uid_map"}, {@code "mount"}, {@code "execve"}, ... */
    public String step() {
        return step;
    }

    /** The errno of the failure, 0 when it had none. */
    public int errno() {
        return errno;
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
