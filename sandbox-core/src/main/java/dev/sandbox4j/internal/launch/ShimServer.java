package dev.sandbox4j.internal.launch;

import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.sys.Errno;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JVM's connection to its shim server ({@code server.c}), which starts
 * every sandbox: a process started from the JVM costs a posix_spawn out of a
 * large multithreaded process and an exec, a clone from the small server
 * neither. Spawned on first use; it forks away at once, so it is never this
 * JVM's child, and it exits (killing its sandboxes) when this JVM's end of
 * the socket closes, that is when the JVM dies. A server that went away
 * (killed from outside) is replaced on the next launch.
 */
final class ShimServer implements RequestSink {
    private static final System.Logger LOG = System.getLogger(ShimServer.class.getName());
    private static volatile ShimServer shared;
    /** A spare init unused this long is killed (the server's setting): an idle JVM holds no namespaces. */
    static final java.time.Duration SPARE_IDLE = java.time.Duration.ofSeconds(10);

    private final SandboxRuntime runtime;
    private final Syscalls sys;
    private final ShimSource shims;
    private int socket = -1; // guarded by this

    /** Where the shim comes from; a seam for tests. */
    interface ShimSource {
        ShimBinary get(Syscalls sys) throws IOException;
    }

    /** A server spawned through {@code runtime}'s syscalls, holding its host id pool's lock, from {@code shims}. */
    ShimServer(SandboxRuntime runtime, ShimSource shims) {
        this.runtime = runtime;
        this.sys = runtime.sys();
        this.shims = shims;
    }

    /** The JVM's one server, from the runtime's shim. */
    static ShimServer shared(SandboxRuntime runtime) {
        ShimServer s = shared;
        if (s == null) {
            synchronized (ShimServer.class) {
                if ((s = shared) == null) {
                    shared = s = new ShimServer(runtime, x -> runtime.shim());
                }
            }
        }
        return s;
    }

    /**
     * Hands one launch to the server, starting it first when none runs. The
     * fds are the server's once this returns; the caller still closes its own.
     * Serialised: a socket being replaced must not be written by another thread.
     */
    @Override
    public synchronized void submit(LaunchRequest request) throws IOException {
        byte[] bytes = request.encode();
        if (socket < 0) {
            socket = start();
        }
        try {
            sys.sendWithFds(socket, bytes, request.fds());
        } catch (SyscallException e) {
            if (e.errno() != Errno.EPIPE && e.errno() != Errno.ECONNRESET && e.errno() != Errno.ENOTCONN) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "the sandbox4j shim server went away; starting a new one");
            closeQuietly(socket);
            socket = -1;
            socket = start();
            sys.sendWithFds(socket, bytes, request.fds());
        }
    }

    /** Closes this JVM's end of the socket: the server kills its sandboxes and exits (tests). */
    synchronized void close() {
        if (socket >= 0) {
            closeQuietly(socket);
            socket = -1;
        }
    }

    private int start() throws IOException {
        ShimBinary shim = shims.get(sys);
        int[] pair = sys.seqpacketPair();
        int devNull = -1;
        boolean ok = false;
        try {
            devNull = sys.open("/dev/null", Syscalls.O_RDWR | Syscalls.O_CLOEXEC, 0);
            Map<Integer, Integer> placement = new HashMap<>();
            placement.put(0, devNull); // the JVM's stdio is not the server's to hold open
            placement.put(1, devNull);
            placement.put(2, devNull);
            placement.put(OpCode.FD_SERVER_SOCKET, pair[1]);
            if (shim.memfd() >= 0) {
                placement.put(OpCode.FD_SHIM, shim.memfd());
            }
            if (sys.geteuid() == 0) {
                // held by the server until it exits: a JVM's death does not free its sandboxes' host ids early
                placement.put(OpCode.FD_SERVER_ID_LOCKS, runtime.hostIdPool().lockFd());
            }
            int pid = sys.posixSpawn(shim.execPath(), List.of("sandbox4j",
                    "--server=" + SPARE_IDLE.toMillis() + ":" + StaleCgroups.jvmPrefix()),
                    List.of(),
                    FdPlacement.actions(placement));
            awaitForked(pid);
            ok = true;
            return pair[0];
        } finally {
            closeQuietly(pair[1]);
            if (devNull >= 0) {
                closeQuietly(devNull);
            }
            if (!ok) {
                closeQuietly(pair[0]);
            }
        }
    }

    /** The spawned process forks the server and exits at once: reap it. */
    private void awaitForked(int pid) throws IOException {
        int pidfd = sys.pidfdOpen(pid);
        try {
            Syscalls.ExitInfo e = sys.waitidPidfd(pidfd, false);
            if (e == null || !e.exited() || e.code() != 0) {
                throw new SandboxStartException("start shim server", 0, "the sandbox4j shim server did not start ("
                        + (e == null ? "no exit status" : e.exited() ? "exit code " + e.code() : "signal " + e.code())
                        + ")", null);
            }
        } finally {
            closeQuietly(pidfd);
        }
    }

    private void closeQuietly(int fd) {
        try {
            sys.close(fd);
        } catch (SyscallException e) {
            LOG.log(System.Logger.Level.DEBUG, "close", e);
        }
    }
}
