package dev.sandbox4j.internal.net;

import dev.sandbox4j.internal.sys.NetCalls;
import java.util.HashSet;
import java.util.Set;

/**
 * The sockets the JVM holds in one sandbox's network namespace: the channel to its init, the egress proxy's
 * listening socket and every relayed connection. {@link #close()} (when the sandbox ended) shuts them all
 * down, which wakes every thread blocked on one, so no thread outlives the sandbox for long.
 */
final class SandboxSockets implements AutoCloseable {
    private final Set<Integer> open = new HashSet<>();
    private boolean closed;

    /** Tracks {@code fd}; false (and the fd is closed) when the sandbox has already ended. */
    synchronized boolean add(int fd) {
        if (closed) {
            NetCalls.close(fd);
            return false;
        }
        open.add(fd);
        return true;
    }

    /** Closes {@code fd} unless {@link #close()} did (an fd number is never closed twice). */
    synchronized void close(int fd) {
        if (open.remove(fd)) {
            NetCalls.close(fd);
        }
    }

    synchronized boolean closed() {
        return closed;
    }

    /** Shuts every socket down; each is closed by the thread that uses it, or here if unused. */
    @Override
    public synchronized void close() {
        closed = true;
        for (int fd : open) {
            NetCalls.shutdown(fd, NetCalls.SHUT_RDWR);
        }
    }
}
