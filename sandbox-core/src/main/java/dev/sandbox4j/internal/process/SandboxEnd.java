package dev.sandbox4j.internal.process;

import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The end of a sandbox whose server could not report it: the server died (killed from outside),
 * so its status pipe closed while the init's pid namespace may still be dying. Waits on the init's
 * pidfd, readable once the init and everything of its namespace are gone, bounded in case the pid
 * was reused already.
 *
 * <pre>{@code
 * if (!new SandboxEnd(sys, loop).afterInit(initPid, this::release)) release();
 * }</pre>
 */
final class SandboxEnd {
    private static final System.Logger LOG = System.getLogger(SandboxEnd.class.getName());
    private static final long BOUND = TimeUnit.SECONDS.toNanos(2);

    private final Syscalls sys;
    private final EventLoop loop;

    SandboxEnd(Syscalls sys, EventLoop loop) {
        this.sys = sys;
        this.loop = loop;
    }

    /**
     * Runs {@code release} once, on the loop's thread, when the init is gone; returns false when
     * there is nothing to wait for (no init, or gone and reaped), and then runs nothing.
     */
    boolean afterInit(int initPid, Runnable release) {
        if (initPid <= 0) {
            return false;
        }
        int pidfd;
        try {
            pidfd = sys.pidfdOpen(initPid);
        } catch (SyscallException e) {
            return false; // ESRCH: gone and reaped
        }
        AtomicBoolean once = new AtomicBoolean();
        Runnable gone = () -> {
            if (once.compareAndSet(false, true)) {
                loop.unwatch(pidfd);
                closeQuietly(pidfd);
                release.run();
            }
        };
        try {
            loop.watch(pidfd, Syscalls.EPOLLIN, gone::run);
        } catch (SyscallException e) {
            closeQuietly(pidfd);
            return false;
        }
        loop.schedule(BOUND, gone);
        return true;
    }

    void closeQuietly(int fd) {
        try {
            sys.close(fd);
        } catch (SyscallException e) {
            LOG.log(System.Logger.Level.DEBUG, "close", e);
        }
    }
}
