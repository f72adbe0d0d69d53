package dev.sandbox4j.internal.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/** The real {@link Syscalls}, through FFM; one binding class per concern. */
public final class LinuxSyscalls implements Syscalls {
    public static final LinuxSyscalls INSTANCE = new LinuxSyscalls();

    // These cannot fail, so they carry no errno slot.
    private static final MethodHandle GETEUID = Native.infallible("geteuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETEGID = Native.infallible("getegid", FunctionDescriptor.of(JAVA_INT));

    private LinuxSyscalls() {}

    @Override public int[] pipe2(int flags) throws SyscallException { return FdCalls.pipe2(flags); }
    @Override public int open(String path, int flags, int mode) throws SyscallException { return FdCalls.open(path, flags, mode); }
    @Override public long read(int fd, MemorySegment buf, long len) throws SyscallException { return FdCalls.read(fd, buf, len); }
    @Override public long write(int fd, MemorySegment buf, long len) throws SyscallException { return FdCalls.write(fd, buf, len); }
    @Override public void close(int fd) throws SyscallException { FdCalls.close(fd); }
    @Override public int fcntl(int fd, int cmd, long arg) throws SyscallException { return FdCalls.fcntl(fd, cmd, arg); }
    @Override public int memfdCreate(String name, int flags) throws SyscallException { return FdCalls.memfdCreate(name, flags); }
    @Override public int bytesAvailable(int fd) throws SyscallException { return FdCalls.bytesAvailable(fd); }

    @Override
    public int posixSpawn(String path, List<String> argv, List<String> env, List<FileAction> actions)
            throws SyscallException {
        return SpawnCalls.spawn(path, argv, env, actions);
    }

    @Override public int[] seqpacketPair() throws SyscallException { return SocketCalls.seqpacketPair(); }
    @Override public void sendWithFds(int sock, byte[] data, int[] fds) throws SyscallException { SocketCalls.sendWithFds(sock, data, fds); }
    @Override public int pidfdOpen(int pid) throws SyscallException { return PidfdCalls.pidfdOpen(pid); }
    @Override public void pidfdSendSignal(int pidfd, int signal) throws SyscallException { PidfdCalls.sendSignal(pidfd, signal); }
    @Override public ExitInfo waitidPidfd(int pidfd, boolean noHang) throws SyscallException { return PidfdCalls.waitid(pidfd, noHang); }
    @Override public int epollCreate() throws SyscallException { return EpollCalls.create(); }
    @Override public void epollAdd(int epfd, int fd, int events, long data) throws SyscallException { EpollCalls.add(epfd, fd, events, data); }
    @Override public void epollDelete(int epfd, int fd) throws SyscallException { EpollCalls.delete(epfd, fd); }
    @Override public int epollWait(int epfd, long[] data, int timeoutMillis) throws SyscallException { return EpollCalls.await(epfd, data, timeoutMillis); }
    @Override public int eventfd() throws SyscallException { return EpollCalls.eventfd(); }
    @Override public int fileMode(int fd) throws SyscallException { return StatCalls.fileMode(fd); }
    @Override public long[] getrlimit(int resource) throws SyscallException { return StatCalls.getrlimit(resource); }

    @Override
    public int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    @Override
    public int getegid() {
        try {
            return (int) GETEGID.invokeExact();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
