package dev.sandbox4j.internal.launch;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.plan.PlanWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy of a launch: which shim steps run, in which order, with which
 * values. The shim only applies what this writes.
 */
public final class PlanEncoder {
    private PlanEncoder() {}

    static final long MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_REC = 0x4000, MS_PRIVATE = 1 << 18;

    public static byte[] encode(LaunchSpec spec) {
        PlanWriter w = new PlanWriter();
        outer(spec, w);
        init(spec, w);
        target(spec, w);
        return w.toByteArray();
    }

    private static void outer(LaunchSpec spec, PlanWriter w) {
        long flags = 0;
        for (Namespace ns : spec.namespaces()) {
            // cgroup: entered by the init after the cgroup join; time: clone cannot take it.
            if (ns != Namespace.CGROUP && ns != Namespace.TIME) {
                flags |= ns.cloneFlag();
            }
        }
        w.op(OpCode.CLONE).u64(flags).end();
        if (spec.has(Namespace.USER)) {
            if (spec.rootless()) {
                w.flag(OpCode.SETGROUPS_DENY); // an unprivileged gid_map requires it
            }
            w.op(OpCode.UID_MAP).str(spec.uid() + " " + spec.hostUid() + " 1\n").end();
            w.op(OpCode.GID_MAP).str(spec.gid() + " " + spec.hostGid() + " 1\n").end();
        }
    }

    private static void init(LaunchSpec spec, PlanWriter w) {
        long late = (spec.has(Namespace.CGROUP) ? Namespace.CGROUP.cloneFlag() : 0)
                | (spec.has(Namespace.TIME) ? Namespace.TIME.cloneFlag() : 0);
        if (late != 0) {
            w.op(OpCode.UNSHARE).u64(late).end();
        }
        w.op(OpCode.SET_NAME).str("sandbox4j-init").end();
        if (spec.has(Namespace.MOUNT)) {
            // Nothing mounted in here may propagate back to the host.
            w.op(OpCode.MOUNT).str("").str("/").str("").u64(MS_REC | MS_PRIVATE).str("").end();
            if (spec.has(Namespace.PID)) {
                w.op(OpCode.MOUNT).str("proc").str("/proc").str("proc")
                        .u64(MS_NOSUID | MS_NODEV | MS_NOEXEC).str("").end();
            }
        }
        if (spec.has(Namespace.UTS)) {
            w.op(OpCode.SETHOSTNAME).str(spec.hostname()).end();
        }
        if (spec.has(Namespace.NET)) {
            w.flag(OpCode.LOOPBACK_UP);
        }
    }

    private static void target(LaunchSpec spec, PlanWriter w) {
        w.flag(OpCode.SETSID); // no TIOCSTI into the caller's terminal
        if (spec.changeIds()) {
            if (!spec.rootless()) {
                w.flag(OpCode.CLEAR_GROUPS); // drop the host's supplementary groups
            }
            w.op(OpCode.SET_IDS).u32(spec.gid()).u32(spec.uid()).end();
        }
        if (spec.workDir() != null) {
            w.op(OpCode.CHDIR).str(spec.workDir()).end();
        }
        w.op(OpCode.CLOSE_FDS).u32(0).end();
        List<String> env = new ArrayList<>();
        spec.environment().forEach((k, v) -> env.add(k + "=" + v));
        env.sort(null);
        w.op(OpCode.EXEC).str(spec.command().get(0)).strs(spec.command()).strs(env).end();
    }
}
