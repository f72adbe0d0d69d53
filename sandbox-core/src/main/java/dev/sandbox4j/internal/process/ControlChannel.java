package dev.sandbox4j.internal.process;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.SandboxCgroup;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;

/**
 * The write end of one sandbox's control pipe: each byte is a signal for the shim to forward to
 * the program, SIGKILL for the whole sandbox. Writes after the sandbox ended do nothing.
 *
 * <pre>{@code
 * control.signal(ControlChannel.SIGTERM);
 * }</pre>
 */
final class ControlChannel {
    static final int SIGKILL = 9, SIGTERM = 15;
    private static final System.Logger LOG = System.getLogger(ControlChannel.class.getName());

    private final Syscalls sys;
    private final FdStream control;
    private final SandboxCgroup cgroup; // null without one

    ControlChannel(Syscalls sys, int controlFd, SandboxCgroup cgroup) {
        this.sys = sys;
        this.control = new FdStream(sys, controlFd);
        this.cgroup = cgroup;
    }

    /** Asks the shim to forward {@code signal}, or to kill everything for SIGKILL. */
    void signal(int signal) {
        int fd = control.acquire();
        if (fd < 0) {
            return; // already over
        }
        try (Arena a = Arena.ofConfined()) {
            sys.write(fd, a.allocateFrom(ValueLayout.JAVA_BYTE, (byte) signal), 1);
        } catch (SyscallException e) {
            // EPIPE: the shim is exiting already
        } finally {
            control.release();
        }
        if (signal == SIGKILL && cgroup != null) {
            // A paused sandbox cannot die frozen (v1 freezer: SIGKILL stays pending): thaw it so the kill lands.
            try {
                cgroup.thaw();
            } catch (CgroupException e) {
                LOG.log(System.Logger.Level.DEBUG, "thaw before kill", e);
            }
        }
    }

    void close() {
        control.close();
    }
}
