package dev.sandbox4j.internal.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The new mount API calls the library makes itself, as root, for idmapped workspaces: a detached
 * clone of a host directory ({@code open_tree(OPEN_TREE_CLONE)}) given an idmapping
 * ({@code mount_setattr(MOUNT_ATTR_IDMAP)}), which the sandbox's init then attaches. Raw syscalls:
 * their numbers are the same on x86_64 and aarch64.
 */
public final class MountCalls {
    private MountCalls() {}

    private static final long SYS_OPEN_TREE = 428, SYS_MOUNT_SETATTR = 442;
    private static final long AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000, OPEN_TREE_CLONE = 1,
            OPEN_TREE_CLOEXEC = 02000000, MOUNT_ATTR_IDMAP = 0x00100000, MOUNT_ATTR_SIZE = 32;

    private static final MethodHandle SYSCALL3 = Native.libcVariadic("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG), 1);
    private static final MethodHandle SYSCALL5 = Native.libcVariadic("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG), 1);

    /** A detached clone of the mount at {@code path} (not its submounts), close-on-exec. */
    public static int openTreeClone(String path) throws SyscallException {
        return (int) Native.call("open_tree", path, (a, err) -> (long) SYSCALL3.invokeExact(err, SYS_OPEN_TREE,
                AT_FDCWD, a.allocateFrom(path), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
    }

    /** Gives the detached mount {@code mountFd} the idmapping of user namespace {@code usernsFd}. */
    public static void idmap(int mountFd, int usernsFd, String what) throws SyscallException {
        Native.call("mount_setattr", what, (a, err) -> {
            MemorySegment attr = a.allocate(MOUNT_ATTR_SIZE, 8);
            attr.set(JAVA_LONG, 0, MOUNT_ATTR_IDMAP); // attr_set; attr_clr and propagation stay 0
            attr.set(JAVA_LONG, 24, usernsFd);
            return (long) SYSCALL5.invokeExact(err, SYS_MOUNT_SETATTR, (long) mountFd, a.allocateFrom(""),
                    AT_EMPTY_PATH, attr, MOUNT_ATTR_SIZE);
        });
    }
}
