package dev.sandbox4j.internal.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Open file description locks ({@code fcntl F_OFD_SETLK}) on byte ranges:
 * held by the open file, not the process, so a dup of the fd in another
 * process (the shim server) keeps them until the last copy is closed.
 */
public final class OfdLocks {
    private OfdLocks() {}

    private static final int F_OFD_SETLK = 37;
    private static final short F_WRLCK = 1, F_UNLCK = 2;
    private static final MethodHandle FCNTL = Native.libcVariadic(
            "fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), 2);

    /** Locks [start, start+len) for writing; false when another open file holds part of it. */
    public static boolean tryLock(int fd, long start, long len) throws SyscallException {
        try {
            set(fd, F_WRLCK, start, len);
            return true;
        } catch (SyscallException e) {
            if (e.errno() == Errno.EAGAIN || e.errno() == Errno.EACCES) {
                return false;
            }
            throw e;
        }
    }

    public static void unlock(int fd, long start, long len) throws SyscallException {
        set(fd, F_UNLCK, start, len);
    }

    private static void set(int fd, short type, long start, long len) throws SyscallException {
        Native.call("fcntl", "F_OFD_SETLK fd " + fd + " bytes " + start + "+" + len, (a, err) -> {
            // struct flock: short l_type, short l_whence, (pad), off_t l_start, off_t l_len, pid_t l_pid (0 for OFD)
            MemorySegment fl = a.allocate(32, 8);
            fl.set(JAVA_SHORT, 0, type);
            fl.set(JAVA_SHORT, 2, (short) 0); // SEEK_SET
            fl.set(JAVA_LONG, 8, start);
            fl.set(JAVA_LONG, 16, len);
            return (int) FCNTL.invokeExact(err, fd, F_OFD_SETLK, fl);
        });
    }
}
