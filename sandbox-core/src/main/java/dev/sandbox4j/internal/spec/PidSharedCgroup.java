package dev.sandbox4j.internal.spec;

import dev.sandbox4j.cgroups.CgroupLimits;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A sandbox sharing the host's pid namespace always runs in a cgroup. Without its own pid namespace nothing
 * ends its processes with its init: a program that double-forks and calls {@code setsid} would outlive the
 * sandbox and the JVM. Its cgroup holds every process it starts, and is emptied with SIGKILL once the init
 * has ended. A sandbox that asked for no cgroup gets one without limits ({@code accounting()}); where none can
 * be made (an ordinary user without a delegated cgroup), {@code build()} says so.
 */
public final class PidSharedCgroup {
    private PidSharedCgroup() {}

    /**
     * {@code asked}, or an accounting-only cgroup when the pid namespace is shared.
     *
     * @param unavailableReason why the host can make no cgroup, if it cannot (asked only when needed)
     */
    public static CgroupSpec require(CgroupSpec asked, boolean pidShared, Supplier<Optional<String>> unavailableReason) {
        if (!pidShared || asked != null) {
            return asked;
        }
        Optional<String> why = unavailableReason.get();
        if (why.isPresent()) {
            throw new IllegalStateException("a sandbox sharing the host's pid namespace needs a cgroup, so that no "
                    + "process it starts (a setsid daemon) outlives it, but none can be created here: " + why.get()
                    + "; or give the sandbox its own pid namespace (do not share PID)");
        }
        return new CgroupSpec(CgroupLimits.none(), null);
    }
}
