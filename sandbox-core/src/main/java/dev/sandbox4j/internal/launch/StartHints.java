package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.sys.Errno;

/**
 * Hints for start failures whose cause is common, chosen by the plan op that
 * failed (wire.def's codes), not by the shim's step strings, so renaming a
 * step in C loses no hint.
 */
final class StartHints {
    private StartHints() {}

    static String hint(StatusRecord.Failed f, LaunchSpec spec) {
        return hint(f, spec, null);
    }

    /** With {@code ids}, the host ids the sandbox's user namespace mapped (null when unknown or shared). */
    static String hint(StatusRecord.Failed f, LaunchSpec spec, dev.sandbox4j.HostIds ids) {
        int e = f.errno();
        int op = f.opCode();
        if (op >= OpCode.FS_FIRST && op <= OpCode.FS_LAST) {
            return e == Errno.EACCES ? WorkspaceHint.of(f, spec, ids) : null;
        }
        return switch (op) {
            case OpCode.CLONE, OpCode.UNSHARE -> e == Errno.EPERM || e == Errno.ENOSPC || e == Errno.EUSERS
                    || e == Errno.EINVAL
                    ? "creating namespaces was refused; user namespaces may be disabled: check the sysctls "
                            + "user.max_user_namespaces (> 0), kernel.unprivileged_userns_clone (= 1, Debian) and "
                            + "kernel.apparmor_restrict_unprivileged_userns (= 0, Ubuntu), or run as root"
                    : null;
            case OpCode.UID_MAP, OpCode.GID_MAP, OpCode.SETGROUPS_DENY ->
                    "the kernel refused the id mapping; an unprivileged caller can only map its own uid and gid";
            case OpCode.EXEC -> e == Errno.ENOENT
                    ? "the program is not inside the sandbox: check the root filesystem and PATH (a rootfs needs "
                            + "the program and its libraries, or a static binary)"
                    : e == Errno.EACCES ? "the program is not executable, or sits on a noexec mount" : null;
            case OpCode.CGROUP_JOIN -> "the cgroup is not writable by this user; use a delegated cgroup "
                    + "(systemd-run --user --scope -p Delegate=yes ...) or run as root";
            case OpCode.CHDIR -> e == Errno.EACCES ? WorkspaceHint.of(f, spec, ids) : null;
            default -> null;
        };
    }
}
