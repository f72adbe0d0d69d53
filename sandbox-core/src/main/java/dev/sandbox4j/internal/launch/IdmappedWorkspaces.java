package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.process.Cleanup;
import dev.sandbox4j.internal.process.Measurements;
import dev.sandbox4j.internal.sys.Errno;
import dev.sandbox4j.internal.sys.MountCalls;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Workspaces of a root-started sandbox, whose root inside is an unprivileged host uid: each is an
 * idmapped clone of the caller's directory, made here in the host's namespaces and attached by the
 * init ({@code OP_FS_ATTACH}). The idmapping maps the caller's uid and gid on disk to the sandbox's
 * host ids (root inside), so root inside owns what the caller owns, and what it creates is stored
 * as the caller's. The map comes from a user namespace that a shim process ({@code --userns})
 * creates and holds while this JVM writes its maps and opens it; policy stays here.
 *
 * <p>As a {@link Cleanup} it closes the mount fds once the sandbox has ended
 * (the server has its own copies by then); {@link ShimClient} places them in the init.
 *
 * <pre>{@code
 * IdmappedWorkspaces w = IdmappedWorkspaces.open(runtime, dirs, 0, 0, 65534, 65534);
 * }</pre>
 */
final class IdmappedWorkspaces implements Cleanup.Quick {
    private final Syscalls sys;
    private final List<Path> dirs;
    private final List<Integer> fds;

    private IdmappedWorkspaces(Syscalls sys, List<Path> dirs, List<Integer> fds) {
        this.sys = sys;
        this.dirs = dirs;
        this.fds = fds;
    }

    /** The fd slot of workspace {@code i} in the init: after the passed fds' slots. */
    static int slot(LaunchSpec spec, int i) {
        return PlanEncoder.passedSlot(spec, spec.hardening().passFds().size() + i);
    }

    /** Host directory -> init fd slot, for the plan; empty when workspaces are plain binds (rootless). */
    static Map<Path, Integer> slots(LaunchSpec spec) {
        Map<Path, Integer> m = new HashMap<>();
        if (idmapped(spec)) {
            List<Path> ws = spec.hardening().workspaces();
            for (int i = 0; i < ws.size(); i++) {
                m.put(ws.get(i), slot(spec, i));
            }
        }
        return m;
    }

    /** As root with a user namespace of its own, root inside is not the caller: idmap. */
    static boolean idmapped(LaunchSpec spec) {
        return !spec.hardening().workspaces().isEmpty() && !spec.rootless() && spec.has(dev.sandbox4j.Namespace.USER);
    }

    /** Puts the mount fds at their slots for the launch request. */
    void place(LaunchSpec spec, Map<Integer, Integer> placement) {
        for (int i = 0; i < fds.size(); i++) {
            placement.put(slot(spec, i), fds.get(i));
        }
    }

    @Override
    public void run(Measurements.Builder result) {
        for (int fd : fds) {
            try {
                sys.close(fd);
            } catch (SyscallException e) {
                // ours, open: cannot fail
            }
        }
    }

    /** The caller's ids on disk map to {@code hostUid}/{@code hostGid}, the sandbox's root. */
    static IdmappedWorkspaces open(SandboxRuntime runtime, List<Path> dirs, int callerUid, int callerGid,
            long hostUid, long hostGid) throws IOException {
        Syscalls sys = runtime.sys();
        List<Integer> fds = new ArrayList<>();
        IdmappedWorkspaces w = new IdmappedWorkspaces(sys, List.copyOf(dirs), fds);
        int userns = usernsMapping(sys, runtime.shim(), Integer.toUnsignedString(callerUid) + " " + hostUid + " 1\n",
                Integer.toUnsignedString(callerGid) + " " + hostGid + " 1\n");
        try {
            for (Path dir : dirs) {
                int mfd;
                try {
                    mfd = MountCalls.openTreeClone(dir.toString());
                } catch (SyscallException e) {
                    throw new SandboxStartException("open_tree", e.errno(), "workspace " + dir + ": cannot clone "
                            + "its mount: " + Errno.describe(e.errno()), null);
                }
                fds.add(mfd);
                try {
                    MountCalls.idmap(mfd, userns, dir.toString());
                } catch (SyscallException e) {
                    throw new SandboxStartException("mount_setattr", e.errno(), "workspace " + dir + ": the host "
                            + "cannot give it an idmapped mount (mount_setattr MOUNT_ATTR_IDMAP: "
                            + Errno.describe(e.errno()) + ")", e.errno() == Errno.EINVAL
                            ? "its filesystem does not support idmapped mounts (tmpfs before Linux 6.3, some network "
                                    + "and FUSE filesystems; Linux 5.12+ needed at all): put the workspace on ext4, "
                                    + "xfs or btrfs, or run rootless, where the caller is root inside and a plain "
                                    + "bind does" : null);
                }
            }
        } catch (IOException | RuntimeException e) {
            w.run(null);
            throw e;
        } finally {
            close(sys, userns);
        }
        return w;
    }

    /**
     * A user namespace fd with these maps: a {@code sandbox4j --userns} shim process unshares one
     * and waits on its stdin; this JVM (root) writes the maps, opens the namespace and lets it go.
     */
    private static int usernsMapping(Syscalls sys, ShimBinary shim, String uidMap, String gidMap) throws IOException {
        int[] in = sys.pipe2(Syscalls.O_CLOEXEC);
        int[] out;
        try {
            out = sys.pipe2(Syscalls.O_CLOEXEC);
        } catch (SyscallException e) {
            close(sys, in[0]);
            close(sys, in[1]);
            throw e;
        }
        int pid = -1;
        try {
            Map<Integer, Integer> placement = new HashMap<>();
            placement.put(0, in[0]);
            placement.put(1, out[1]);
            placement.put(2, out[1]);
            if (shim.memfd() >= 0) {
                placement.put(OpCode.FD_SHIM, shim.memfd());
            }
            pid = sys.posixSpawn(shim.execPath(), List.of("sandbox4j", "--userns"), List.of(),
                    FdPlacement.actions(placement));
            close(sys, in[0]);
            close(sys, out[1]);
            in[0] = out[1] = -1;
            byte ready;
            try (Arena a = Arena.ofConfined()) {
                MemorySegment b = a.allocate(1);
                long n = sys.read(out[0], b, 1);
                ready = n == 1 ? b.get(ValueLayout.JAVA_BYTE, 0) : 0;
            }
            if (ready != 'r') {
                throw new SandboxStartException("unshare", 0, "the helper that creates a workspace's user "
                        + "namespace could not (" + (ready == 'e' ? "unshare(CLONE_NEWUSER) failed" : "it died") + ")",
                        null);
            }
            Files.writeString(Path.of("/proc/" + pid + "/uid_map"), uidMap, StandardCharsets.US_ASCII);
            Files.writeString(Path.of("/proc/" + pid + "/gid_map"), gidMap, StandardCharsets.US_ASCII);
            return sys.open("/proc/" + pid + "/ns/user", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
        } finally {
            for (int fd : new int[] {in[0], in[1], out[0], out[1]}) {
                close(sys, fd); // in[1]: end of file lets the helper exit
            }
            if (pid > 0) {
                reap(sys, pid);
            }
        }
    }

    private static void reap(Syscalls sys, int pid) {
        try {
            int pidfd = sys.pidfdOpen(pid);
            try {
                sys.waitidPidfd(pidfd, false);
            } finally {
                close(sys, pidfd);
            }
        } catch (SyscallException e) {
            // reaped already
        }
    }

    private static void close(Syscalls sys, int fd) {
        if (fd >= 0) {
            try {
                sys.close(fd);
            } catch (SyscallException e) {
                // best effort
            }
        }
    }
}
