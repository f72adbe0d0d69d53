package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.spec.HardeningSpec;
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
import dev.sandbox4j.internal.plan.Plan;
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
    public static Plan encode(LaunchSpec spec, HostIds ids, PreparedMounts mounts, List<Path> cgroupProcs) {
        PlanWriter w = new PlanWriter();
        outer(spec, ids, cgroupProcs, w);
        init(spec, mounts, w);
        target(spec, w);
        return w.plan();
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
        w.op(OpCode.CLONE).u64(flags).note(NEW_NAMESPACES).end();
        if (spec.has(Namespace.USER) && !NetPlan.nested(spec.network(), spec.rootless())) {
            SubIds sub = spec.idPolicy() == null ? null : spec.idPolicy().sub();
            IdMap map = spec.idPolicy() == null ? null : spec.idPolicy().map();
            if (sub != null) {
                // the setuid helpers may map the caller's subordinate ids; setgroups stays allowed
                w.op(OpCode.ID_MAP_HELPER).note("subordinate uid range (" + sub.newuidmap() + ")")
                        .str(sub.newuidmap()).strs(map != null
                        ? map.helperArgs(false, ids.uid(), ids.gid(), sub)
                        : List.of("0", Long.toString(ids.uid()), "1", "1", Long.toString(sub.uidStart()),
                                Long.toString(sub.count()))).end();
                w.op(OpCode.ID_MAP_HELPER).note("subordinate gid range (" + sub.newgidmap() + ")")
                        .str(sub.newgidmap()).strs(map != null
                        ? map.helperArgs(true, ids.uid(), ids.gid(), sub)
                        : List.of("0", Long.toString(ids.gid()), "1", "1", Long.toString(sub.gidStart()),
                                Long.toString(sub.count()))).end();
            } else if (spec.rootless()) {
                w.op(OpCode.SETGROUPS_DENY).note(ID_MAPPING).end(); // an unprivileged gid_map requires it
                w.op(OpCode.UID_MAP).str(spec.uid() + " " + ids.uid() + " 1\n").note(ID_MAPPING).end();
                w.op(OpCode.GID_MAP).str(spec.gid() + " " + ids.gid() + " 1\n").note(ID_MAPPING).end();
            } else {
                // Created as the sandbox's own ids, so the kernel charges them, not root, for what it holds.
                w.op(OpCode.HOST_IDS).u32(IdPolicy.u32(ids.uid())).u32(IdPolicy.u32(ids.gid()))
                        .u64(spec.idPolicy().processCap()).note(HOST_ID_RANGE).end();
                String text = map != null ? map.text() : "0 " + ids.uid() + " " + ids.count() + "\n";
                w.op(OpCode.UID_MAP).str(text).note(HOST_ID_RANGE).end();
                w.op(OpCode.GID_MAP).str(map != null ? text : "0 " + ids.gid() + " " + ids.count() + "\n")
                        .note(HOST_ID_RANGE).end();
            }
        }
        for (Path procs : cgroupProcs) {
            w.op(OpCode.CGROUP_JOIN).str(procs.toString()).note("cgroup " + procs.getParent()).end();
        }
        NetPlan.outer(spec.network(), spec.has(Namespace.USER), spec.rootless(), ids, w);
    }

    private static void init(LaunchSpec spec, PreparedMounts mounts, PlanWriter w) {
        long late = (spec.has(Namespace.CGROUP) ? Namespace.CGROUP.cloneFlag() : 0)
                | (spec.has(Namespace.TIME) ? Namespace.TIME.cloneFlag() : 0);
        if (late != 0) {
            w.op(OpCode.UNSHARE).u64(late).note(NEW_NAMESPACES).end();
        }
        w.op(OpCode.SET_NAME).str("sandbox4j-init").end();
        if (spec.has(Namespace.USER)) {
            // the init's own files (mount points, /dev links) need ids the namespace maps
            // (as root the range maps root inside, which the init stays: the program's ids come later)
            boolean single = spec.rootless() && spec.idPolicy() == null; // the caller's one id, at uid(n)
            w.op(OpCode.INIT_IDS).u32(single ? spec.gid() : 0).u32(single ? spec.uid() : 0).note(ID_MAPPING).end();
        }
        if (mounts != null) { // LaunchSpec: a new mount namespace always has a mount plan
            FsOpEncoder.encode(mounts, spec.has(Namespace.USER), IdmappedWorkspaces.slots(spec), w);
        }
        if (spec.has(Namespace.UTS)) {
            w.op(OpCode.SETHOSTNAME).str(spec.hostname()).note("hostname " + spec.hostname()).end();
        }
        if (spec.has(Namespace.NET)) {
            w.op(OpCode.LOOPBACK_UP).note("network namespace (loopback)").end();
            NetPlan.encode(spec.network(), w);
        }
        if (spec.hardening().traceTraps()) {
            w.op(OpCode.TRACE_TRAPS).note(SECCOMP).end();
        }
        forwardSignals(w);
        terminal(spec, w);
    }

    /**
     * The signals the init passes on to the program (SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2: the
     * same numbers on x86_64 and aarch64); any other signal sent to the init keeps its meaning for PID 1.
     */
    static final List<Integer> FORWARDED_SIGNALS = List.of(15, 2, 1, 3, 10, 12);

    /** Where a program without a slash is looked for when the environment has no PATH. */
    static final String SEARCH_PATH = "/usr/local/bin:/usr/bin:/bin";

    static void forwardSignals(PlanWriter w) {
        w.op(OpCode.FORWARD_SIGNALS).u32s(FORWARDED_SIGNALS).note("signal forwarding").end();
    }

    /** After the filesystem steps: the terminal comes from the sandbox's own /dev/ptmx. */
    static void terminal(LaunchSpec spec, PlanWriter w) {
        if (spec.terminal() != null) {
            w.op(OpCode.PTY).u32(ptySlot(spec)).u32(spec.terminal().columns()).u32(spec.terminal().rows())
                    .note("tty(true)").end();
        }
    }

    static void target(LaunchSpec spec, PlanWriter w) {
        HardeningSpec h = spec.hardening();
        w.op(OpCode.SETSID).note("new session").end(); // no TIOCSTI into the caller's terminal
        if (spec.terminal() != null) {
            // job control, Ctrl-C: the sandbox's terminal is the session's
            w.op(OpCode.SET_CTTY).note("tty(true)").end();
        }
        if (spec.changeIds()) {
            if (!spec.rootless() || spec.idPolicy() != null) { // rootless with one id, setgroups is denied
                w.op(OpCode.CLEAR_GROUPS).note("supplementary groups").end(); // drop the host's
            }
            // the permitted set survives the uid change, so CAPS can still drop the bounding set
            w.op(OpCode.KEEP_CAPS).u32(1).note(ids(spec)).end();
            w.op(OpCode.SET_IDS).u32(spec.gid()).u32(spec.uid()).note(ids(spec)).end();
            // the id change made the memory the target shares with the init dumpable again
            w.op(OpCode.DUMPABLE).u32(0).note(ids(spec)).end();
        }
        if (spec.workDir() != null) {
            w.op(OpCode.CHDIR).str(spec.workDir()).note("workDir " + spec.workDir()).end();
        }
        for (Map.Entry<ResourceLimit, long[]> r : h.rlimits().entrySet()) {
            w.op(OpCode.RLIMIT).u32(r.getKey().resource()).u64(r.getValue()[0]).u64(r.getValue()[1])
                    .note("rlimit " + r.getKey()).end();
        }
        if (h.keepCaps() != -1L) {
            w.op(OpCode.CAPS).u64(h.keepCaps()).note("capabilities").end();
        }
        if (h.noNewPrivs()) {
            w.op(OpCode.NO_NEW_PRIVS).note("noNewPrivs(true)").end();
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < h.passFds().size(); i++) {
            int fd = h.passFds().get(i);
            w.op(OpCode.DUP_FD).u32(passedSlot(spec, i)).u32(fd).note("passFd " + fd).end();
            keep.add(fd);
        }
        w.op(OpCode.CLOSE_FDS).u32s(keep).note("closing the fds not passed").end();
        if (h.seccompFilter() != null) {
            // Last before execve: everything above may use calls the filter denies.
            w.op(OpCode.SECCOMP).bytes(h.seccompFilter()).note(SECCOMP).end();
        }
        List<String> env = new ArrayList<>();
        spec.environment().forEach((k, v) -> env.add(k + "=" + v));
        env.sort(null);
        w.op(OpCode.EXEC).str(spec.command().get(0)).strs(spec.command()).strs(env).str(SEARCH_PATH)
                .note("command " + spec.command().get(0)).end();
    }

    /** How start failures name the settings of several ops. */
    private static final String NEW_NAMESPACES = "new namespaces (share(...) to keep the host's)",
            ID_MAPPING = "user namespace id mapping", HOST_ID_RANGE = "host id range (hostIdRange, idMap)",
            SECCOMP = "seccomp profile";

    private static String ids(LaunchSpec spec) {
        return "uid " + spec.uid() + " gid " + spec.gid();
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
