package dev.sandbox4j.internal.check;

import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.util.List;

/**
 * Refuses {@code passFd} of an fd that is closed, a directory, or opened
 * {@code O_PATH}: the program could {@code openat(fd, "..")} its way out of
 * its root to the host's tree, which is how runc's CVE-2024-21626 leaked a
 * host directory fd into containers. A directory the program needs is bound.
 */
public final class PassedFds {
    private PassedFds() {}

    public static void check(List<Integer> fds, Syscalls sys) {
        for (int fd : fds) {
            int flags;
            int mode;
            try {
                flags = sys.fcntl(fd, Syscalls.F_GETFL, 0);
                mode = sys.fileMode(fd);
            } catch (SyscallException e) {
                throw new IllegalArgumentException("passFd " + fd + ": fd " + fd + " is not open in this JVM ("
                        + e.getMessage() + ")");
            }
            if ((mode & Syscalls.S_IFMT) == Syscalls.S_IFDIR) {
                throw new IllegalArgumentException("passFd " + fd + ": fd " + fd + " is a directory, through which"
                        + " the program could reach the host's files outside its root (the runc CVE-2024-21626"
                        + " class); pass files, pipes or sockets only, and bind a directory with"
                        + " bindReadOnly(dir, dst)");
            }
            if ((flags & Syscalls.O_PATH) != 0) {
                throw new IllegalArgumentException("passFd " + fd + ": fd " + fd + " is an O_PATH fd, which names"
                        + " a place in the host's tree rather than an open file (the runc CVE-2024-21626 class);"
                        + " pass an fd opened for reading or writing");
            }
        }
    }
}
