package dev.sandbox4j.internal.launch;

import dev.sandbox4j.HostIds;
import dev.sandbox4j.Namespace;
import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.internal.ids.IdMap;
import dev.sandbox4j.internal.ids.IdPolicy;
import dev.sandbox4j.internal.ids.SubIds;
import dev.sandbox4j.internal.net.NetPlan;
import dev.sandbox4j.internal.plan.FsOpEncoder;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.plan.PlanWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The policy of a launch: which shim steps run, in which order, with which
 * values. The shim only applies what this writes.
 */
public final class PlanEncoder {
    private PlanEncoder() {}

    /**
     * @param mounts      the prepared filesystem, or null
     * @param cgroupProcs the cgroup.procs files the init joins before it runs
     */
    public static byte[] encode(LaunchSpec spec, HostIds ids, PreparedMounts mounts, List<Path> cgroupProcs) {
        PlanWriter w = new PlanWriter();
        outer(spec, ids, cgroupProcs, w);
        init(spec, mounts, w);
        target(spec, w);
        return w.toByteArray();
    }

    /** @param ids the host ids of the user namespace (ignored without one) */
    private static void outer(LaunchSpec spec, HostIds ids, List<Path> cgroupProcs, PlanWriter w) {
        long flags = 0;
        for (Namespace ns : spec.namespaces()) {
            // cgroup: entered by the init after the cgroup join; time: clone cannot take it.
            if (ns != Namespace.CGROUP && ns != Namespace.TIME) {
                flags |= ns.cloneFlag();
            }
        }
        w.op(OpCode.CLONE).u64(flags).end();
        if (spec.has(Namespace.USER)) {
            SubIds sub = spec.idPolicy() == null ? null : spec.idPolicy().sub();
            IdMap map = spec.idPolicy() == null ? null : spec.idPolicy().map();
            if (sub != null) {
                // the setuid helpers may map the caller's subordinate ids; setgroups stays allowed
                w.op(OpCode.ID_MAP_HELPER).str(sub.newuidmap()).strs(map != null
                        ? map.helperArgs(false, ids.uid(), ids.gid(), sub)
                        : List.of("0", Long.toString(ids.uid()), "1", "1", Long.toString(sub.uidStart()),
                                Long.toString(sub.count()))).end();
                w.op(OpCode.ID_MAP_HELPER).str(sub.newgidmap()).strs(map != null
                        ? map.helperArgs(true, ids.uid(), ids.gid(), sub)
                        : List.of("0", Long.toString(ids.gid()), "1", "1", Long.toString(sub.gidStart()),
                                Long.toString(sub.count()))).end();
            } else if (spec.rootless()) {
                w.flag(OpCode.SETGROUPS_DENY); // an unprivileged gid_map requires it
                w.op(OpCode.UID_MAP).str(spec.uid() + " " + ids.uid() + " 1\n").end();
                w.op(OpCode.GID_MAP).str(spec.gid() + " " + ids.gid() + " 1\n").end();
            } else {
                // Created as the sandbox's own ids, so the kernel charges them, not root, for what it holds.
                w.op(OpCode.HOST_IDS).u32(IdPolicy.u32(ids.uid())).u32(IdPolicy.u32(ids.gid()))
                        .u64(spec.idPolicy().processCap()).end();
                String text = map != null ? map.text() : "0 " + ids.uid() + " " + ids.count() + "\n";
                w.op(OpCode.UID_MAP).str(text).end();
                w.op(OpCode.GID_MAP).str(map != null ? text : "0 " + ids.gid() + " " + ids.count() + "\n").end();
            }
        }
        for (Path procs : cgroupProcs) {
            w.op(OpCode.CGROUP_JOIN).str(procs.toString()).end();
        }
    }

    private static void init(LaunchSpec spec, PreparedMounts mounts, PlanWriter w) {
        long late = (spec.has(Namespace.CGROUP) ? Namespace.CGROUP.cloneFlag() : 0)
                | (spec.has(Namespace.TIME) ? Namespace.TIME.cloneFlag() : 0);
        if (late != 0) {
            w.op(OpCode.UNSHARE).u64(late).end();
        }
        w.op(OpCode.SET_NAME).str("sandbox4j-init").end();
        if (spec.has(Namespace.USER)) {
            // the init's own files (mount points, /dev links) need ids the namespace maps
            // (as root the range maps root inside, which the init stays: the program's ids come later)
            boolean single = spec.rootless() && spec.idPolicy() == null; // the caller's one id, at uid(n)
            w.op(OpCode.INIT_IDS).u32(single ? spec.gid() : 0).u32(single ? spec.uid() : 0).end();
        }
        if (mounts != null) { // LaunchSpec: a new mount namespace always has a mount plan
            FsOpEncoder.encode(mounts, spec.has(Namespace.USER), IdmappedWorkspaces.slots(spec), w);
        }
        if (spec.has(Namespace.UTS)) {
            w.op(OpCode.SETHOSTNAME).str(spec.hostname()).end();
        }
        if (spec.has(Namespace.NET)) {
            w.flag(OpCode.LOOPBACK_UP);
            NetPlan.encode(spec.network(), w);
        }
        if (spec.hardening().traceTraps()) {
            w.flag(OpCode.TRACE_TRAPS);
        }
        terminal(spec, w);
    }

    /** After the filesystem steps: the terminal comes from the sandbox's own /dev/ptmx. */
    static void terminal(LaunchSpec spec, PlanWriter w) {
        if (spec.terminal() != null) {
            w.op(OpCode.PTY).u32(ptySlot(spec)).u32(spec.terminal().columns()).u32(spec.terminal().rows()).end();
        }
    }

    static void target(LaunchSpec spec, PlanWriter w) {
        HardeningSpec h = spec.hardening();
        w.flag(OpCode.SETSID); // no TIOCSTI into the caller's terminal
        if (spec.terminal() != null) {
            w.flag(OpCode.SET_CTTY); // job control, Ctrl-C: the sandbox's terminal is the session's
        }
        if (spec.changeIds()) {
            if (!spec.rootless() || spec.idPolicy() != null) { // rootless with one id, setgroups is denied
                w.flag(OpCode.CLEAR_GROUPS); // drop the host's supplementary groups
            }
            w.op(OpCode.SET_IDS).u32(spec.gid()).u32(spec.uid()).end();
        }
        if (spec.workDir() != null) {
            w.op(OpCode.CHDIR).str(spec.workDir()).end();
        }
        for (Map.Entry<ResourceLimit, long[]> r : h.rlimits().entrySet()) {
            w.op(OpCode.RLIMIT).u32(r.getKey().resource()).u64(r.getValue()[0]).u64(r.getValue()[1]).end();
        }
        if (h.keepCaps() != -1L) {
            w.op(OpCode.CAPS).u64(h.keepCaps()).end();
        }
        if (h.noNewPrivs()) {
            w.flag(OpCode.NO_NEW_PRIVS);
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < h.passFds().size(); i++) {
            int fd = h.passFds().get(i);
            w.op(OpCode.DUP_FD).u32(passedSlot(spec, i)).u32(fd).end();
            keep.add(fd);
        }
        w.op(OpCode.CLOSE_FDS).u32s(keep).end();
        if (h.seccompFilter() != null) {
            // Last before execve: everything above may use calls the filter denies.
            w.op(OpCode.SECCOMP).bytes(h.seccompFilter()).end();
        }
        List<String> env = new ArrayList<>();
        spec.environment().forEach((k, v) -> env.add(k + "=" + v));
        env.sort(null);
        w.op(OpCode.EXEC).str(spec.command().get(0)).strs(spec.command()).strs(env).end();
    }

    /** Where the launcher places the pidfd an exec joins the sandbox through: after the terminal's socket. */
    static int joinSlot(LaunchSpec spec) {
        return ptySlot(spec) + 1;
    }

    /** Where the launcher places the socket the init sends the terminal's leader over: after the passed fds. */
    static int ptySlot(LaunchSpec spec) {
        return passedSlot(spec, spec.hardening().passFds().size());
    }

    /**
     * Where the launcher places the i-th passed fd in the shim: above every
     * fixed shim fd and every passed fd's final number, so no dup2 in the
     * target overwrites a source still to be moved.
     */
    static int passedSlot(LaunchSpec spec, int i) {
        int base = OpCode.FD_FIRST_PASSED;
        for (int fd : spec.hardening().passFds()) {
            base = Math.max(base, fd + 1);
        }
        return base + i;
    }
}
