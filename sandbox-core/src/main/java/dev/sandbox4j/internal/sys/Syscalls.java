package dev.sandbox4j.internal.sys;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Every system call the Java side makes, so launch policy and ordering can
 * be unit-tested with a recording fake. {@link LinuxSyscalls} is the real one.
 * Each method throws {@link SyscallException} naming the call and errno.
 */
public interface Syscalls {
    /** Linux {@code O_*} and other constants used by callers. */
    int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_TRUNC = 01000, O_APPEND = 02000,
            O_NONBLOCK = 04000, O_CLOEXEC = 02000000;
    int O_PATH = 010000000, O_DIRECTORY = 0200000;
    int S_IFMT = 0170000, S_IFDIR = 0040000;
    int F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_SETPIPE_SZ = 1031, F_ADD_SEALS = 1033;
    int F_SEAL_SEAL = 1, F_SEAL_SHRINK = 2, F_SEAL_GROW = 4, F_SEAL_WRITE = 8;
    int MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2, MFD_EXEC = 0x10;
    int EPOLLIN = 1, EPOLLHUP = 0x10;

    /** Returns {read end, write end}, both close-on-exec. */
    int[] pipe2(int flags) throws SyscallException;

    int open(String path, int flags, int mode) throws SyscallException;

    /** Reads into {@code buf}; 0 at end of file. */
    long read(int fd, MemorySegment buf, long len) throws SyscallException;

    long write(int fd, MemorySegment buf, long len) throws SyscallException;

    void close(int fd) throws SyscallException;

    int fcntl(int fd, int cmd, long arg) throws SyscallException;

    int memfdCreate(String name, int flags) throws SyscallException;

    /** Bytes that can be read from a pipe now without blocking ({@code ioctl FIONREAD}). */
    int bytesAvailable(int fd) throws SyscallException;

    /** posix_spawn with file actions applied in order; returns the child's pid. */
    int posixSpawn(String path, List<String> argv, List<String> env, List<FileAction> actions)
            throws SyscallException;

    /** A connected AF_UNIX SOCK_SEQPACKET pair, both ends close-on-exec. */
    int[] seqpacketPair() throws SyscallException;

    /** Sends {@code data} as one message with {@code fds} attached (SCM_RIGHTS), without SIGPIPE. */
    void sendWithFds(int sock, byte[] data, int[] fds) throws SyscallException;

    int pidfdOpen(int pid) throws SyscallException;

    void pidfdSendSignal(int pidfd, int signal) throws SyscallException;

    /** Reaps the process behind {@code pidfd}; null when {@code noHang} and it still runs. */
    ExitInfo waitidPidfd(int pidfd, boolean noHang) throws SyscallException;

    int epollCreate() throws SyscallException;

    void epollAdd(int epfd, int fd, int events, long data) throws SyscallException;

    void epollDelete(int epfd, int fd) throws SyscallException;

    /** Waits for events; fills {@code data} with the registered values; returns how many. */
    int epollWait(int epfd, long[] data, int timeoutMillis) throws SyscallException;

    int eventfd() throws SyscallException;

    int geteuid();

    /** {@code st_mode} of what {@code fd} refers to (statx with AT_EMPTY_PATH; O_PATH fds too). */
    int fileMode(int fd) throws SyscallException;

    /** {soft, hard} of {@code RLIMIT_*} {@code resource}; RLIM_INFINITY is -1. */
    long[] getrlimit(int resource) throws SyscallException;

    int getegid();

    /** How a reaped process ended, with its rusage. */
    record ExitInfo(boolean exited, int code, long userMicros, long systemMicros, long maxRssKb) {
        /** The signal number when killed, else 0. */
        public int signal() {
            return exited ? 0 : code;
        }
    }
}
