package dev.sandbox4j;

import dev.sandbox4j.internal.seccomp.ErrnoNames;

import java.util.Objects;

/**
 * What a seccomp filter does with a system call: let it run, fail it with an
 * errno, kill, trap ({@code SIGSYS}) or log it.
 *
 * <p>{@link #DENY} is not a kernel action but a placeholder for the
 * profile's deny action ({@link SeccompProfile#denyAction()}, {@code EPERM}
 * unless changed), so that {@code --seccomp-kill} can turn every denial of
 * the default profile into a kill without touching calls that fail on
 * purpose with another errno ({@code clone3} with {@code ENOSYS}).
 *
 * <pre>{@code
 * SeccompRule.of(SeccompAction.errno(13), "openat");   // EACCES
 * SeccompRule.of(SeccompAction.KILL_PROCESS, "ptrace");
 * }</pre>
 *
 * @param kind  the kind of action
 * @param errno for {@link Kind#ERRNO} the errno the call returns (0..4095), else 0
 */
public record SeccompAction(Kind kind, int errno) {

    /** The kinds of action; the seccomp return values in {@code <linux/seccomp.h>}. */
    public enum Kind {
        /** {@code SECCOMP_RET_ALLOW}. */
        ALLOW,
        /** The profile's deny action. */
        DENY,
        /** {@code SECCOMP_RET_ERRNO}: the call returns -1 with the given errno, never reaching the kernel proper. */
        ERRNO,
        /** {@code SECCOMP_RET_KILL_PROCESS}: the whole process dies of SIGSYS. */
        KILL_PROCESS,
        /** {@code SECCOMP_RET_KILL_THREAD}: the calling thread dies. */
        KILL_THREAD,
        /** {@code SECCOMP_RET_TRAP}: SIGSYS is delivered; a handler sees the call in siginfo. */
        TRAP,
        /** {@code SECCOMP_RET_LOG}: allowed and logged to the audit log. */
        LOG
    }

    public static final SeccompAction ALLOW = new SeccompAction(Kind.ALLOW, 0);
    public static final SeccompAction DENY = new SeccompAction(Kind.DENY, 0);
    public static final SeccompAction KILL_PROCESS = new SeccompAction(Kind.KILL_PROCESS, 0);
    public static final SeccompAction KILL_THREAD = new SeccompAction(Kind.KILL_THREAD, 0);
    public static final SeccompAction TRAP = new SeccompAction(Kind.TRAP, 0);
    public static final SeccompAction LOG = new SeccompAction(Kind.LOG, 0);

    /** Checks that only {@code ERRNO} carries a value, 0 to 4095. */
    public SeccompAction {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.ERRNO && (errno < 0 || errno > ErrnoNames.MAX)) {
            throw new IllegalArgumentException("errno " + errno + " out of range: a seccomp filter can return 0.."
                    + ErrnoNames.MAX);
        }
        if (kind != Kind.ERRNO && errno != 0) {
            throw new IllegalArgumentException("errno " + errno + " given for action " + kind
                    + ": only ERRNO carries an errno");
        }
    }

    /**
     * Fail the call with {@code errno} (0..4095; 0 makes it "succeed" without running).
     *
     * @param errno the errno the call returns, 0 to 4095
     * @return the action
     */
    public static SeccompAction errno(int errno) {
        return new SeccompAction(Kind.ERRNO, errno);
    }

    /**
     * The rule-file spelling: {@code allow}, {@code deny}, {@code errno EPERM},
     * {@code kill-process}, {@code kill-thread}, {@code trap}, {@code log}.
     */
    @Override
    public String toString() {
        return kind == Kind.ERRNO ? "errno " + ErrnoNames.name(errno)
                : kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
