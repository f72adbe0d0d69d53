package dev.sandbox4j.internal.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The kernel features {@code Sandbox.probe()} asks about that no file tells:
 * the Landlock ABI version and which seccomp actions the kernel accepts.
 * Each call changes nothing in the calling process.
 */
public final class ProbeCalls {
    private ProbeCalls() {}

    private static final long SYS_LANDLOCK_CREATE_RULESET = 444; // the same on x86_64 and aarch64
    private static final long SYS_SECCOMP = Native.X86_64 ? 317 : 277;
    private static final long LANDLOCK_CREATE_RULESET_VERSION = 1;
    private static final long SECCOMP_GET_ACTION_AVAIL = 2, SECCOMP_GET_NOTIF_SIZES = 3;

    private static final MethodHandle SYSCALL3 = Native.libcVariadic("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), 1);

    /**
     * The Landlock ABI version the kernel offers.
     *
     * @return 1 or more
     * @throws SyscallException ENOSYS without Landlock in the kernel, EOPNOTSUPP when it is not enabled at boot
     */
    public static int landlockAbi() throws SyscallException {
        return (int) Native.call("landlock_create_ruleset", "LANDLOCK_CREATE_RULESET_VERSION", (a, err) ->
                (long) SYSCALL3.invokeExact(err, SYS_LANDLOCK_CREATE_RULESET, 0L, 0L, LANDLOCK_CREATE_RULESET_VERSION));
    }

    /**
     * Whether the kernel accepts this seccomp filter return action.
     *
     * @param action a {@code SECCOMP_RET_*} action value
     * @return true when {@code SECCOMP_GET_ACTION_AVAIL} accepts it
     */
    public static boolean seccompActionAvailable(int action) {
        try {
            Native.call("seccomp", "SECCOMP_GET_ACTION_AVAIL", (a, err) -> {
                MemorySegment value = a.allocateFrom(JAVA_INT, action);
                return (long) SYSCALL3.invokeExact(err, SYS_SECCOMP, SECCOMP_GET_ACTION_AVAIL, 0L, value.address());
            });
            return true;
        } catch (SyscallException e) {
            return false; // EOPNOTSUPP: not this action; EINVAL/ENOSYS: no such operation
        }
    }

    /**
     * Whether seccomp user notification works here ({@code SECCOMP_GET_NOTIF_SIZES}).
     *
     * @return true when the kernel answers with its notification sizes
     */
    public static boolean seccompUserNotification() {
        try {
            Native.call("seccomp", "SECCOMP_GET_NOTIF_SIZES", (a, err) -> {
                MemorySegment sizes = a.allocate(6, 2);
                return (long) SYSCALL3.invokeExact(err, SYS_SECCOMP, SECCOMP_GET_NOTIF_SIZES, 0L, sizes.address());
            });
            return true;
        } catch (SyscallException e) {
            return false;
        }
    }
}
