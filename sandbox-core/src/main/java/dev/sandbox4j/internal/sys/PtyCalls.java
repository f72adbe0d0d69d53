package dev.sandbox4j.internal.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A sandbox's terminal on the Java side: the leader fd the init sends over
 * a socket (recvmsg with SCM_RIGHTS) and its window size (TIOCSWINSZ,
 * TIOCGWINSZ). Also the socket pair the leader travels over.
 */
public final class PtyCalls {
    private PtyCalls() {}

    private static final int SOL_SOCKET = 1, SCM_RIGHTS = 1, MSG_CMSG_CLOEXEC = 0x40000000;
    private static final long TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414;
    /** struct msghdr (x86_64, aarch64): name, namelen, iov, iovlen, control, controllen, flags. */
    private static final long MSG_IOV = 16, MSG_IOVLEN = 24, MSG_CONTROL = 32, MSG_CONTROLLEN = 40, MSGHDR = 56;
    private static final long CMSG_HEADER = 16;

    private static final MethodHandle RECVMSG = Native.libc("recvmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle IOCTL = Native.libcVariadic("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), 2);

    /** A close-on-exec AF_UNIX SOCK_SEQPACKET pair: {ours, the init's}. */
    public static int[] socketPair() throws SyscallException {
        return SocketCalls.seqpacketPair();
    }

    /**
     * Receives the one fd a message carries (close-on-exec), or -1 when the
     * peer closed without sending one (the init failed before: its status
     * record says why).
     */
    public static int receiveFd(int sock) throws SyscallException {
        int[] fd = {-1};
        Native.call("recvmsg", "the terminal's leader from socket " + sock, (a, err) -> {
            MemorySegment buf = a.allocate(1);
            MemorySegment iov = a.allocate(16, 8);
            iov.set(ADDRESS, 0, buf);
            iov.set(JAVA_LONG, 8, 1L);
            MemorySegment cmsg = a.allocate(CMSG_HEADER + 8, 8);
            MemorySegment msg = a.allocate(MSGHDR, 8);
            msg.set(ADDRESS, MSG_IOV, iov);
            msg.set(JAVA_LONG, MSG_IOVLEN, 1L);
            msg.set(ADDRESS, MSG_CONTROL, cmsg);
            msg.set(JAVA_LONG, MSG_CONTROLLEN, cmsg.byteSize());
            long n = (long) RECVMSG.invokeExact(err, sock, msg, MSG_CMSG_CLOEXEC);
            if (n > 0 && msg.get(JAVA_LONG, MSG_CONTROLLEN) >= CMSG_HEADER + 4
                    && cmsg.get(JAVA_INT, 8) == SOL_SOCKET && cmsg.get(JAVA_INT, 12) == SCM_RIGHTS) {
                fd[0] = cmsg.get(JAVA_INT, CMSG_HEADER);
            }
            return n;
        });
        return fd[0];
    }

    /** Sets a terminal's size; the kernel sends SIGWINCH to its foreground process group. */
    public static void setWindowSize(int fd, int columns, int rows) throws SyscallException {
        Native.call("ioctl", "TIOCSWINSZ " + columns + "x" + rows + " on fd " + fd, (a, err) -> {
            MemorySegment ws = a.allocate(8, 2);
            ws.set(JAVA_SHORT, 0, (short) rows);
            ws.set(JAVA_SHORT, 2, (short) columns);
            return (int) IOCTL.invokeExact(err, fd, TIOCSWINSZ, ws);
        });
    }

    /** A terminal's size as {columns, rows}. */
    public static int[] windowSize(int fd) throws SyscallException {
        int[] out = new int[2];
        Native.call("ioctl", "TIOCGWINSZ on fd " + fd, (a, err) -> {
            MemorySegment ws = a.allocate(8, 2);
            int r = (int) IOCTL.invokeExact(err, fd, TIOCGWINSZ, ws);
            out[0] = Short.toUnsignedInt(ws.get(JAVA_SHORT, 2));
            out[1] = Short.toUnsignedInt(ws.get(JAVA_SHORT, 0));
            return r;
        });
        return out;
    }
}
