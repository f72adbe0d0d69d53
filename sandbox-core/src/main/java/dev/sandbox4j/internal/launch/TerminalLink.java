package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.sys.PtyCalls;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The launcher's part of {@code tty(true)}: /dev/null as the init's stdio
 * (OP_PTY puts the terminal's follower over it), a socket pair whose far
 * end the init sends the terminal's leader over, and the streams on that
 * leader once it came.
 */
final class TerminalLink {
    private final Syscalls sys;
    private final List<Integer> opened;
    final int nullFd;
    private final int ours;
    final int theirs;

    /**
     * The terminal's leader as the JVM holds it once the init sent it.
     *
     * @param in     writes to the terminal (the program's stdin)
     * @param out    reads the terminal (the program's stdout and stderr)
     * @param leader resizes it, and is closed once the sandbox has ended
     */
    record Leader(OutputStream in, InputStream out, PtyLeader leader) {}

    /** Opens /dev/null and the socket pair; every fd goes into {@code opened}. */
    TerminalLink(Syscalls sys, List<Integer> opened) throws SyscallException {
        this.sys = sys;
        this.opened = opened;
        nullFd = sys.open("/dev/null", Syscalls.O_RDWR | Syscalls.O_CLOEXEC, 0);
        opened.add(nullFd);
        int[] pair = PtyCalls.socketPair();
        ours = pair[0];
        theirs = pair[1];
        opened.add(ours);
        opened.add(theirs);
    }

    /**
     * After the request went to the server: closes the init's end here, so
     * the receive sees end of file should the init fail before sending, and
     * receives the leader. Without one (null) the program's stdio stays
     * closed and the start reports the init's failure.
     */
    Leader receive() throws SyscallException {
        close(theirs);
        int fd = PtyCalls.receiveFd(ours);
        close(ours);
        if (fd < 0) {
            return null;
        }
        opened.add(fd);
        int reader = sys.fcntl(fd, F_DUPFD_CLOEXEC, 3);
        opened.add(reader);
        int resizer = sys.fcntl(fd, F_DUPFD_CLOEXEC, 3);
        opened.add(resizer);
        Leader leader = new Leader(new FdOutputStream(sys, fd), new FdInputStream(sys, reader),
                new PtyLeader(sys, resizer));
        opened.removeAll(List.of(fd, reader, resizer)); // the streams own them now
        return leader;
    }

    private static final int F_DUPFD_CLOEXEC = 1030;

    private void close(int fd) throws SyscallException {
        opened.remove(Integer.valueOf(fd));
        sys.close(fd);
    }
}
