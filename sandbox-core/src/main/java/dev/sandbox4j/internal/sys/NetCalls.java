package dev.sandbox4j.internal.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Sockets of a sandbox's network namespace, held by the JVM: the init creates them there (a socket belongs
 * to the namespace it was created in for its whole life) and hands them over a unix socket; the JVM then
 * accepts, connects, reads and writes with these calls. Every call captures errno.
 */
public final class NetCalls {
    private NetCalls() {}

    public static final int AF_INET = 2, AF_INET6 = 10, SOCK_STREAM = 1, SHUT_WR = 1, SHUT_RDWR = 2;
    private static final int SOCK_CLOEXEC = 02000000, MSG_CMSG_CLOEXEC = 0x40000000, MSG_NOSIGNAL = 0x4000, SOL_SOCKET = 1, SO_SNDTIMEO = 21;

    private static final MethodHandle RECVMSG = Native.libc("recvmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SEND = Native.libc("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECV = Native.libc("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle ACCEPT4 = Native.libc("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle CONNECT = Native.libc("connect",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SHUTDOWN = Native.libc("shutdown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = Native.libc("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    /** A connected AF_UNIX SOCK_SEQPACKET pair, both ends close-on-exec. */
    public static int[] seqpacketPair() throws SyscallException {
        return SocketCalls.seqpacketPair();
    }

    /**
     * Receives one message of the init's (u32 errno, an fd attached when 0).
     *
     * @return the fd, or -1 when the other side closed the channel
     */
    public static int receiveFd(int chan) throws SyscallException {
        int[] fd = {-1};
        long n = Native.call("recvmsg", "socket from the sandbox over fd " + chan, (a, err) -> {
            MemorySegment buf = a.allocate(JAVA_INT);
            MemorySegment iov = a.allocate(16, 8);
            iov.set(ADDRESS, 0, buf);
            iov.set(JAVA_LONG, 8, 4L);
            MemorySegment cmsg = a.allocate(24, 8); // CMSG_SPACE(sizeof(int))
            MemorySegment msg = a.allocate(56, 8);
            msg.set(ADDRESS, 16, iov);
            msg.set(JAVA_LONG, 24, 1L);
            msg.set(ADDRESS, 32, cmsg);
            msg.set(JAVA_LONG, 40, 24L);
            long r = (long) RECVMSG.invokeExact(err, chan, msg, MSG_CMSG_CLOEXEC);
            if (r == 4) {
                int errno = buf.get(JAVA_INT, 0);
                if (errno != 0) {
                    throw new SyscallException("socket", errno, "in the sandbox's network namespace");
                }
                long controllen = msg.get(JAVA_LONG, 40);
                if (controllen >= 20 && cmsg.get(JAVA_INT, 8) == SOL_SOCKET && cmsg.get(JAVA_INT, 12) == 1) {
                    fd[0] = cmsg.get(JAVA_INT, 16);
                }
            }
            return r;
        });
        if (n != 0 && fd[0] < 0) {
            throw new SyscallException("recvmsg", Errno.EIO, n + " bytes and no fd over fd " + chan);
        }
        return fd[0];
    }

    /** Asks the init serving {@code chan} for a new socket of the sandbox's namespace; see {@link #receiveFd}. */
    public static void requestSocket(int chan, int domain, int type) throws SyscallException {
        Native.call("send", "socket request over fd " + chan, (a, err) -> {
            MemorySegment req = a.allocate(JAVA_INT, 2);
            req.setAtIndex(JAVA_INT, 0, domain);
            req.setAtIndex(JAVA_INT, 1, type);
            return (long) SEND.invokeExact(err, chan, req, 8L, MSG_NOSIGNAL);
        });
    }

    /** accept4, close-on-exec; blocks. */
    public static int accept(int fd) throws SyscallException {
        return (int) Native.call("accept4", "fd " + fd,
                (a, err) -> (int) ACCEPT4.invokeExact(err, fd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC));
    }

    /** connect, giving up after {@code timeoutMillis} (SO_SNDTIMEO bounds a blocking connect). */
    public static void connect(int fd, InetSocketAddress to, int timeoutMillis) throws SyscallException {
        byte[] addr = sockaddr(to);
        Native.call("setsockopt", "SO_SNDTIMEO on fd " + fd, (a, err) -> {
            MemorySegment tv = a.allocate(16, 8);
            tv.set(JAVA_LONG, 0, timeoutMillis / 1000L);
            tv.set(JAVA_LONG, 8, (timeoutMillis % 1000L) * 1000L);
            return (int) SETSOCKOPT.invokeExact(err, fd, SOL_SOCKET, SO_SNDTIMEO, tv, 16);
        });
        Native.call("connect", to.toString(), (a, err) ->
                (int) CONNECT.invokeExact(err, fd, a.allocateFrom(JAVA_BYTE, addr), addr.length));
    }

    /** shutdown(how); also wakes a thread blocked in accept or recv on {@code fd}. */
    public static void shutdown(int fd, int how) {
        try {
            Native.call("shutdown", "fd " + fd, (a, err) -> (int) SHUTDOWN.invokeExact(err, fd, how));
        } catch (SyscallException e) {
            // ENOTCONN: the peer went first; nothing left to shut
        }
    }

    /** @return bytes read, 0 at end of stream */
    public static int read(int fd, byte[] b, int off, int len) throws SyscallException {
        return (int) Native.call("recv", "fd " + fd, (a, err) -> {
            MemorySegment buf = a.allocate(len);
            long n = (long) RECV.invokeExact(err, fd, buf, (long) len, 0);
            if (n > 0) {
                MemorySegment.copy(buf, JAVA_BYTE, 0, b, off, (int) n);
            }
            return n;
        });
    }

    public static void writeAll(int fd, byte[] b, int off, int len) throws SyscallException {
        while (len > 0) {
            int o = off, l = len;
            int n = (int) Native.call("send", "fd " + fd, (a, err) -> {
                MemorySegment buf = a.allocateFrom(JAVA_BYTE, java.util.Arrays.copyOfRange(b, o, o + l));
                return (long) SEND.invokeExact(err, fd, buf, (long) l, MSG_NOSIGNAL);
            });
            off += n;
            len -= n;
        }
    }

    public static void close(int fd) {
        try {
            FdCalls.close(fd);
        } catch (SyscallException e) {
            // EBADF would be our bug; EIO on a socket cannot lose data we still care about
        }
    }

    /** A struct sockaddr_in or sockaddr_in6 for this address, as the kernel reads it. */
    public static byte[] sockaddr(InetSocketAddress a) {
        boolean v6 = a.getAddress() instanceof Inet6Address;
        ByteBuffer b = ByteBuffer.allocate(v6 ? 28 : 16);
        b.order(ByteOrder.nativeOrder()).putShort((short) (v6 ? AF_INET6 : AF_INET));
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) a.getPort());
        if (v6) {
            b.putInt(0).put(a.getAddress().getAddress()).order(ByteOrder.nativeOrder())
                    .putInt(((Inet6Address) a.getAddress()).getScopeId());
        } else if (a.getAddress() instanceof Inet4Address) {
            b.put(a.getAddress().getAddress());
        }
        return b.array();
    }
}
