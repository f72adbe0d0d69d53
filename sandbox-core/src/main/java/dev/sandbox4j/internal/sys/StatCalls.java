package dev.sandbox4j.internal.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * What an fd is and what the process may raise: statx of an fd (raw syscall,
 * whose struct layout is the same on every architecture, unlike struct stat)
 * and getrlimit.
 */
final class StatCalls {
    private StatCalls() {}

    private static final long SYS_STATX = Native.X86_64 ? 332 : 291;
    private static final int AT_EMPTY_PATH = 0x1000, STATX_TYPE = 1, STATX_MODE = 2;
    private static final long STATX_SIZE = 256, STX_MODE = 28;

    private static final MethodHandle SYSCALL5 = Native.libcVariadic("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS), 1);
    private static final MethodHandle GETRLIMIT =
            Native.libc("getrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    static int fileMode(int fd) throws SyscallException {
        int[] mode = new int[1];
        Native.call("statx", "fd " + fd, (a, err) -> {
            MemorySegment buf = a.allocate(STATX_SIZE, 8);
            long r = (long) SYSCALL5.invokeExact(err, SYS_STATX, (long) fd, a.allocateFrom(""),
                    (long) AT_EMPTY_PATH, (long) (STATX_TYPE | STATX_MODE), buf);
            mode[0] = Short.toUnsignedInt(buf.get(JAVA_SHORT, STX_MODE));
            return r;
        });
        return mode[0];
    }

    static long[] getrlimit(int resource) throws SyscallException {
        long[] out = new long[2];
        Native.call("getrlimit", "resource " + resource, (a, err) -> {
            MemorySegment rl = a.allocate(16, 8);
            int r = (int) GETRLIMIT.invokeExact(err, resource, rl);
            out[0] = rl.get(JAVA_LONG, 0);
            out[1] = rl.get(JAVA_LONG, 8);
            return r;
        });
        return out;
    }
}
