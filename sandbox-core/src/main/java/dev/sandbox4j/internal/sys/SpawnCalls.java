package dev.sandbox4j.internal.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * posix_spawn and its file actions and attributes. The child starts with an
 * empty signal mask and default dispositions (JVM threads block SIGQUIT and
 * may ignore others) in a session of its own.
 */
final class SpawnCalls {
    private SpawnCalls() {}

    // glibc's opaque types, over-allocated: 80 and 336 bytes on x86_64.
    private static final long FILE_ACTIONS_SIZE = 256, ATTR_SIZE = 512, SIGSET_SIZE = 128;
    private static final short SETSIGDEF = 0x04, SETSIGMASK = 0x08, SETSID = 0x80;

    private static final FunctionDescriptor INT_PTR = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    private static final MethodHandle FA_INIT = Native.libc("posix_spawn_file_actions_init", INT_PTR);
    private static final MethodHandle FA_DESTROY = Native.libc("posix_spawn_file_actions_destroy", INT_PTR);
    private static final MethodHandle FA_DUP2 = Native.libc("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FA_CLOSE = Native.libc("posix_spawn_file_actions_addclose",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FA_CLOSEFROM = Native.libc("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle ATTR_INIT = Native.libc("posix_spawnattr_init", INT_PTR);
    private static final MethodHandle ATTR_DESTROY = Native.libc("posix_spawnattr_destroy", INT_PTR);
    private static final MethodHandle ATTR_SETFLAGS = Native.libc("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle ATTR_SETSIGMASK = Native.libc("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SETSIGDEFAULT = Native.libc("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGEMPTYSET = Native.libc("sigemptyset", INT_PTR);
    private static final MethodHandle SIGFILLSET = Native.libc("sigfillset", INT_PTR);
    private static final MethodHandle POSIX_SPAWN = Native.libc("posix_spawn", FunctionDescriptor.of(
            JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));

    static int spawn(String path, List<String> argv, List<String> env, List<FileAction> actions)
            throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSlot(a);
            MemorySegment fa = a.allocate(FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = a.allocate(ATTR_SIZE, 16);
            // These return an error number rather than setting errno.
            check("posix_spawn_file_actions_init", (int) FA_INIT.invokeExact(err, fa));
            check("posix_spawnattr_init", (int) ATTR_INIT.invokeExact(err, attr));
            try {
                for (FileAction action : actions) {
                    addAction(err, fa, action);
                }
                MemorySegment empty = a.allocate(SIGSET_SIZE, 8);
                MemorySegment all = a.allocate(SIGSET_SIZE, 8);
                int rc = (int) SIGEMPTYSET.invokeExact(err, empty);
                rc = (int) SIGFILLSET.invokeExact(err, all);
                check("posix_spawnattr_setsigmask", (int) ATTR_SETSIGMASK.invokeExact(err, attr, empty));
                check("posix_spawnattr_setsigdefault", (int) ATTR_SETSIGDEFAULT.invokeExact(err, attr, all));
                check("posix_spawnattr_setflags", (int) ATTR_SETFLAGS.invokeExact(
                        err, attr, (short) (SETSIGDEF | SETSIGMASK | SETSID)));
                MemorySegment pid = a.allocate(JAVA_INT);
                int r = (int) POSIX_SPAWN.invokeExact(err, pid, a.allocateFrom(path), fa, attr,
                        strings(a, argv), strings(a, env));
                if (r != 0) {
                    throw new SyscallException("posix_spawn", r, path);
                }
                return pid.get(JAVA_INT, 0);
            } finally {
                int rc = (int) FA_DESTROY.invokeExact(err, fa);
                rc = (int) ATTR_DESTROY.invokeExact(err, attr);
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static void addAction(MemorySegment err, MemorySegment fa, FileAction action) throws Throwable {
        switch (action) {
            case FileAction.Dup2(int from, int to) -> check("posix_spawn_file_actions_adddup2",
                    (int) FA_DUP2.invokeExact(err, fa, from, to));
            case FileAction.Close(int fd) -> check("posix_spawn_file_actions_addclose",
                    (int) FA_CLOSE.invokeExact(err, fa, fd));
            case FileAction.CloseFrom(int from) -> check("posix_spawn_file_actions_addclosefrom_np",
                    (int) FA_CLOSEFROM.invokeExact(err, fa, from));
        }
    }

    private static void check(String call, int result) throws SyscallException {
        if (result != 0) {
            throw new SyscallException(call, result);
        }
    }

    /** A NULL-terminated char *[] in {@code a}. */
    private static MemorySegment strings(Arena a, List<String> list) {
        MemorySegment arr = a.allocate(ADDRESS, list.size() + 1L);
        for (int i = 0; i < list.size(); i++) {
            arr.setAtIndex(ADDRESS, i, a.allocateFrom(list.get(i)));
        }
        arr.setAtIndex(ADDRESS, list.size(), MemorySegment.NULL);
        return arr;
    }
}
