package dev.sandbox4j.internal.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** File descriptor calls: pipe2, open, read, write, close, fcntl, ioctl(FIONREAD), memfd_create. */
final class FdCalls {
    private FdCalls() {}

    private static final MethodHandle PIPE2 =
            Native.libc("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle OPEN = Native.libcVariadic(
            "open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 2);
    private static final MethodHandle READ =
            Native.libc("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE =
            Native.libc("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = Native.libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FCNTL = Native.libcVariadic(
            "fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), 2);
    private static final MethodHandle IOCTL = Native.libcVariadic(
            "ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), 2);
    private static final long FIONREAD = 0x541B;
    private static final MethodHandle MEMFD_CREATE =
            Native.libc("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    static int[] pipe2(int flags) throws SyscallException {
        int[] out = new int[2];
        Native.call("pipe2", null, (a, err) -> {
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            int r = (int) PIPE2.invokeExact(err, fds, flags);
            out[0] = fds.getAtIndex(JAVA_INT, 0);
            out[1] = fds.getAtIndex(JAVA_INT, 1);
            return r;
        });
        return out;
    }

    static int open(String path, int flags, int mode) throws SyscallException {
        return (int) Native.call("open", path,
                (a, err) -> (int) OPEN.invokeExact(err, a.allocateFrom(path), flags, mode));
    }

    static long read(int fd, MemorySegment buf, long len) throws SyscallException {
        return Native.call("read", "fd " + fd, (a, err) -> (long) READ.invokeExact(err, fd, buf, len));
    }

    static long write(int fd, MemorySegment buf, long len) throws SyscallException {
        return Native.call("write", "fd " + fd, (a, err) -> (long) WRITE.invokeExact(err, fd, buf, len));
    }

    static void close(int fd) throws SyscallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSlot(a);
            int r = (int) CLOSE.invokeExact(err, fd);
            // Linux releases the fd even on EINTR: never retry a close.
            if (r != 0 && Native.errno(err) != Errno.EINTR) {
                throw new SyscallException("close", Native.errno(err), "fd " + fd);
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static int fcntl(int fd, int cmd, long arg) throws SyscallException {
        return (int) Native.call("fcntl", "fd " + fd + " cmd " + cmd,
                (a, err) -> (int) FCNTL.invokeExact(err, fd, cmd, arg));
    }

    static int bytesAvailable(int fd) throws SyscallException {
        int[] out = new int[1];
        Native.call("ioctl", "fd " + fd + " FIONREAD", (a, err) -> {
            MemorySegment n = a.allocate(JAVA_INT);
            int r = (int) IOCTL.invokeExact(err, fd, FIONREAD, n);
            out[0] = n.get(JAVA_INT, 0);
            return r;
        });
        return out[0];
    }

    static int memfdCreate(String name, int flags) throws SyscallException {
        return (int) Native.call("memfd_create", name,
                (a, err) -> (int) MEMFD_CREATE.invokeExact(err, a.allocateFrom(name), flags));
    }
}
