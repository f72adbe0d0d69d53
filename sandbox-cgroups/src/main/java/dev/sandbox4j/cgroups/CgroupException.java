package dev.sandbox4j.cgroups;

import java.io.IOException;

/**
 * A cgroup could not be created, changed, measured or removed. {@link #kind()} tells "there is no
 * usable cgroup here" ({@link Kind#UNAVAILABLE}, {@link Kind#CONTROLLER_MISSING}) apart from a failure
 * of an operation that should have worked ({@link Kind#FAILED}), so a caller that asked for no limits
 * can run without a cgroup:
 *
 * <pre>{@code
 * try {
 *     cg = host.create("run-42", limits);
 * } catch (CgroupException e) {
 *     if (!limits.isEmpty() || e.kind() == CgroupException.Kind.FAILED) throw e;
 *     cg = null; // accounting only was wanted and is not available: go on without
 * }
 * }</pre>
 *
 * <p>The message always says which path or value was involved and, where there is one, how to get a
 * usable cgroup.
 */
public final class CgroupException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why the operation failed. */
    public enum Kind {
        /** No writable cgroup exists for this process (not root, not delegated, or no cgroupfs). */
        UNAVAILABLE,
        /** A cgroup is writable but a controller needed for the requested limits is not enabled or mounted. */
        CONTROLLER_MISSING,
        /** A file operation on a cgroup that should have worked failed, or a wait timed out. */
        FAILED
    }

    private final Kind kind;

    /** A failure of the given kind. */
    public CgroupException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** A failure of the given kind caused by {@code cause}. */
    public CgroupException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** Why it failed. */
    public Kind kind() {
        return kind;
    }

    /** True for {@link Kind#UNAVAILABLE} and {@link Kind#CONTROLLER_MISSING}: nothing was wrong with the call. */
    public boolean isUnavailable() {
        return kind != Kind.FAILED;
    }
}
