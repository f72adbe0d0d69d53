package dev.sandbox4j.internal.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/** A Unix socket pair and sendmsg with fds attached (SCM_RIGHTS), for the shim server. */
final class SocketCalls {
    private SocketCalls() {}

    private static final int AF_UNIX = 1, SOCK_SEQPACKET = 5, SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1, SCM_RIGHTS = 1, MSG_NOSIGNAL = 0x4000;

    private static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));
    private static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"), JAVA_INT.withName("msg_namelen"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"), JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"), JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"), MemoryLayout.paddingLayout(4));
    /** struct cmsghdr: size_t len, int level, int type, then the data. */
    private static final long CMSG_HEADER = 16;

    private static final MethodHandle SOCKETPAIR = Native.libc("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SENDMSG = Native.libc("sendmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));

    static int[] seqpacketPair() throws SyscallException {
        int[] out = new int[2];
        Native.call("socketpair", "AF_UNIX SOCK_SEQPACKET", (a, err) -> {
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            int r = (int) SOCKETPAIR.invokeExact(err, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds);
            out[0] = fds.getAtIndex(JAVA_INT, 0);
            out[1] = fds.getAtIndex(JAVA_INT, 1);
            return r;
        });
        return out;
    }

    static void sendWithFds(int sock, byte[] data, int[] fds) throws SyscallException {
        Native.call("sendmsg", "socket " + sock + " with " + fds.length + " fds", (a, err) -> {
            MemorySegment buf = a.allocateFrom(JAVA_BYTE, data);
            MemorySegment iov = a.allocate(IOVEC);
            iov.set(ADDRESS, 0, buf);
            iov.set(JAVA_LONG, 8, (long) data.length);
            long cmsgLen = CMSG_HEADER + 4L * fds.length;
            MemorySegment cmsg = a.allocate((cmsgLen + 7) & ~7L, 8);
            cmsg.set(JAVA_LONG, 0, cmsgLen);
            cmsg.set(JAVA_INT, 8, SOL_SOCKET);
            cmsg.set(JAVA_INT, 12, SCM_RIGHTS);
            for (int i = 0; i < fds.length; i++) {
                cmsg.set(JAVA_INT, CMSG_HEADER + 4L * i, fds[i]);
            }
            MemorySegment msg = a.allocate(MSGHDR);
            msg.set(ADDRESS, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_iov")), iov);
            msg.set(JAVA_LONG, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_iovlen")), 1L);
            msg.set(ADDRESS, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_control")), cmsg);
            msg.set(JAVA_LONG, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_controllen")),
                    cmsg.byteSize());
            long sent = (long) SENDMSG.invokeExact(err, sock, msg, MSG_NOSIGNAL);
            if (sent >= 0 && sent != data.length) {
                throw new IllegalStateException("sendmsg sent " + sent + " of " + data.length + " bytes");
            }
            return sent;
        });
    }
}
