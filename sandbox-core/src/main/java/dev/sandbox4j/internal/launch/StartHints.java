package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.sys.Errno;

/** Hints for start failures whose cause is common. */
final class StartHints {
    private StartHints() {}

    static String hint(StatusRecord.Failed f, LaunchSpec spec) {
        return hint(f, spec, null);
    }

    /** With {@code ids}, the host ids the sandbox's user namespace mapped (null when unknown or shared). */
    static String hint(StatusRecord.Failed f, LaunchSpec spec, dev.sandbox4j.HostIds ids) {
        int e = f.errno();
        return switch (f.step()) {
            case "clone", "unshare" -> e == Errno.EPERM || e == Errno.ENOSPC || e == Errno.EUSERS || e == Errno.EINVAL
                    ? "creating namespaces was refused; user namespaces may be disabled: check the sysctls "
                            + "user.max_user_namespaces (> 0), kernel.unprivileged_userns_clone (= 1, Debian) and "
                            + "kernel.apparmor_restrict_unprivileged_userns (= 0, Ubuntu), or run as root"
                    : null;
            case "uid_map", "gid_map", "setgroups" ->
                    "the kernel refused the id mapping; an unprivileged caller can only map its own uid and gid";
            case "execve" -> e == Errno.ENOENT
                    ? "the program is not inside the sandbox: check the root filesystem and PATH (a rootfs needs "
                            + "the program and its libraries, or a static binary)"
                    : e == Errno.EACCES ? "the program is not executable, or sits on a noexec mount" : null;
            case "cgroup join" -> "the cgroup is not writable by this user; use a delegated cgroup "
                    + "(systemd-run --user --scope -p Delegate=yes ...) or run as root";
            case "chdir", "open", "open_tree", "openat2" -> e == Errno.EACCES ? WorkspaceHint.of(f, spec, ids) : null;
            default -> null;
        };
    }
}
