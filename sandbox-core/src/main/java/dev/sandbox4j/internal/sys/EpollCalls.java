package dev.sandbox4j.internal.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** epoll and eventfd, for the one event-loop thread. */
final class EpollCalls {
    private EpollCalls() {}

    // struct epoll_event is packed on x86_64 only.
    private static final long EVENT_SIZE = Native.X86_64 ? 12 : 16, DATA_OFFSET = Native.X86_64 ? 4 : 8;
    private static final int EPOLL_CLOEXEC = 02000000, EFD_CLOEXEC = 02000000;
    private static final int CTL_ADD = 1, CTL_DEL = 2;

    private static final MethodHandle CREATE =
            Native.libc("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle CTL = Native.libc("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle WAIT = Native.libc("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD =
            Native.libc("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    static int create() throws SyscallException {
        return (int) Native.call("epoll_create1", null, (a, err) -> (int) CREATE.invokeExact(err, EPOLL_CLOEXEC));
    }

    static void add(int epfd, int fd, int events, long data) throws SyscallException {
        Native.call("epoll_ctl", "ADD fd " + fd, (a, err) -> {
            MemorySegment ev = a.allocate(EVENT_SIZE, 8);
            ev.set(JAVA_INT_UNALIGNED, 0, events);
            ev.set(JAVA_LONG_UNALIGNED, DATA_OFFSET, data);
            return (int) CTL.invokeExact(err, epfd, CTL_ADD, fd, ev);
        });
    }

    static void delete(int epfd, int fd) throws SyscallException {
        Native.call("epoll_ctl", "DEL fd " + fd, (a, err) -> {
            MemorySegment ev = a.allocate(EVENT_SIZE, 8);
            return (int) CTL.invokeExact(err, epfd, CTL_DEL, fd, ev);
        });
    }

    static int await(int epfd, long[] data, int timeoutMillis) throws SyscallException {
        return (int) Native.call("epoll_wait", null, (a, err) -> {
            MemorySegment events = a.allocate(EVENT_SIZE * data.length, 8);
            int n = (int) WAIT.invokeExact(err, epfd, events, data.length, timeoutMillis);
            for (int i = 0; i < n; i++) {
                data[i] = events.get(JAVA_LONG_UNALIGNED, i * EVENT_SIZE + DATA_OFFSET);
            }
            return n;
        });
    }

    static int eventfd() throws SyscallException {
        return (int) Native.call("eventfd", null, (a, err) -> (int) EVENTFD.invokeExact(err, 0, EFD_CLOEXEC));
    }
}
