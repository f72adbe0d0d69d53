package dev.sandbox4j.internal.check;

import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses an rlimit whose hard limit is above this process's, which the
 * sandbox inherits: the program's setrlimit would fail with EPERM after the
 * sandbox was spawned. Raising a hard limit needs CAP_SYS_RESOURCE in the
 * host's user namespace, and the program sets its limits inside the
 * sandbox's user namespace, where even a root caller's sandbox has no host
 * capability. So it is allowed only to a caller that has CAP_SYS_RESOURCE
 * and shares the host's user namespace ({@code share(Namespace.USER)}).
 */
public final class RlimitCheck {
    private RlimitCheck() {}

    /**
     * @param mayRaise the caller holds CAP_SYS_RESOURCE and the sandbox shares its user namespace
     */
    public static void check(Map<ResourceLimit, long[]> limits, boolean mayRaise, Syscalls sys) {
        if (mayRaise) {
            return;
        }
        for (var e : limits.entrySet()) {
            long hard = e.getValue()[1];
            long own;
            try {
                own = sys.getrlimit(e.getKey().resource())[1];
            } catch (SyscallException ex) {
                throw new IllegalStateException("cannot read this process's rlimit "
                        + e.getKey().name().toLowerCase(Locale.ROOT) + ": " + ex.getMessage(), ex);
            }
            if (Long.compareUnsigned(hard, own) > 0) {
                String name = e.getKey().name().toLowerCase(Locale.ROOT);
                throw new IllegalArgumentException("rlimit " + name + ": hard limit " + show(hard)
                        + " is above this process's hard limit " + show(own) + ", which the sandbox inherits and"
                        + " cannot raise (that needs CAP_SYS_RESOURCE in the host's user namespace); use at most "
                        + show(own) + ", or raise it for the JVM (ulimit -H), or as root with CAP_SYS_RESOURCE"
                        + " share(Namespace.USER)");
            }
        }
    }

    private static String show(long v) {
        return v == -1 ? "unlimited" : Long.toUnsignedString(v);
    }
}
