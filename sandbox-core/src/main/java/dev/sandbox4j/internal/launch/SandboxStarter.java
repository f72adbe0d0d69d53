package dev.sandbox4j.internal.launch;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.cgroups.CgroupStats;
import dev.sandbox4j.cgroups.SandboxCgroup;
import dev.sandbox4j.fs.OverlayDiff;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.fs.PreparedRoot;
import dev.sandbox4j.internal.ids.IdPolicy;
import dev.sandbox4j.internal.net.NetSetup;
import dev.sandbox4j.internal.plan.Plan;
import dev.sandbox4j.internal.sys.LinuxSyscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything around one launch: prepares the filesystem on the host, creates
 * the cgroup, encodes the plan, launches, and makes sure whatever was
 * created is removed again when the sandbox ends or the start fails.
 */
public final class SandboxStarter {
    private static final System.Logger LOG = System.getLogger(SandboxStarter.class.getName());
    private static final AtomicLong SEQ = new AtomicLong();
    private static volatile CgroupHost cgroupHost;

    private SandboxStarter() {}

    static CgroupHost cgroupHost() {
        CgroupHost h = cgroupHost;
        if (h == null) {
            synchronized (SandboxStarter.class) {
                if ((h = cgroupHost) == null) {
                    h = CgroupHost.detect();
                    StaleCgroups.sweep(h.defaultParentDirectories()); // what a JVM killed earlier left
                    cgroupHost = h;
                }
            }
        }
        return h;
    }

    public static SandboxProcess start(LaunchSpec spec) throws IOException {
        List<SandboxProcessImpl.Cleanup> cleanups = new ArrayList<>();
        SandboxCgroup cgroup;
        Plan plan;
        LaunchIds ids;
        NetSetup net;
        try {
            ids = LaunchIds.of(spec, LinuxSyscalls.INSTANCE, cleanups);
            net = NetSetup.prepare(spec.network());
            cleanups.add(extra -> net.close());
            PreparedMounts mounts = prepareMounts(spec, ids, cleanups);
            handOverWorkspaces(spec, ids, cleanups);
            cgroup = createCgroup(spec, cleanups);
            spec = CpuRlimit.settle(spec, cgroup != null);
            mounts = CgroupView.addTo(mounts, cgroup, cgroup == null ? null : cgroupHost().controllers());
            plan = PlanEncoder.encode(spec, ids.ids(), mounts, cgroup == null ? List.of() : cgroup.procsFiles());
        } catch (IOException | RuntimeException e) {
            Launcher.runCleanups(cleanups, new SandboxProcessImpl.ResultBuilder());
            throw e;
        }
        // From here the launcher owns the cleanups, on every path.
        SandboxProcess p = new Launcher(LinuxSyscalls.INSTANCE).launch(spec, ids, plan, cgroup, cleanups,
                net.initFds());
        net.launched(p);
        return p;
    }

    private static PreparedMounts prepareMounts(LaunchSpec spec, LaunchIds ids,
            List<SandboxProcessImpl.Cleanup> cleanups) throws SandboxStartException {
        if (spec.mounts() == null) {
            return null;
        }
        // Root inside maps to an unprivileged host id: give it the overlay work dirs it mounts with.
        boolean mapped = spec.has(Namespace.USER) && !spec.rootless();
        PreparedMounts m;
        try {
            m = spec.mounts().prepare(mapped ? IdPolicy.u32(ids.ids().uid()) : -1,
                    mapped ? IdPolicy.u32(ids.ids().gid()) : -1);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            // IllegalArgumentException: what only the unpacked tree shows (a tar root whose /proc is a symlink)
            throw new SandboxStartException("prepare filesystem", "cannot prepare the sandbox's filesystem: "
                    + e.getMessage(), e);
        }
        if (m.cleanup().isEmpty() && !(m.root() instanceof PreparedRoot.Overlay)) {
            return m; // nothing on the host to diff or remove: the result need not wait for a worker
        }
        cleanups.add(extra -> {
            try {
                if (m.root() instanceof PreparedRoot.Overlay o) {
                    extra.changes = OverlayDiff.changes(o.upper(), o.lowers());
                }
            } finally {
                m.close();
            }
        });
        return m;
    }

    /** As root, root inside is an unprivileged host uid: its workspaces are idmapped mounts. */
    private static void handOverWorkspaces(LaunchSpec spec, LaunchIds ids, List<SandboxProcessImpl.Cleanup> cleanups)
            throws IOException {
        if (IdmappedWorkspaces.idmapped(spec) && ids.ids() != null) {
            cleanups.add(IdmappedWorkspaces.open(LinuxSyscalls.INSTANCE, spec.hardening().workspaces(),
                    LinuxSyscalls.INSTANCE.geteuid(), LinuxSyscalls.INSTANCE.getegid(), ids.ids().uid(),
                    ids.ids().gid()));
        }
    }

    private static SandboxCgroup createCgroup(LaunchSpec spec, List<SandboxProcessImpl.Cleanup> cleanups)
            throws SandboxStartException {
        if (spec.cgroup() == null) {
            return null;
        }
        String name = StaleCgroups.name(SEQ.incrementAndGet());
        SandboxCgroup cg;
        try {
            CgroupHost host = cgroupHost();
            cg = spec.cgroup().parent() == null ? host.create(name, spec.cgroup().limits())
                    : host.create(spec.cgroup().parent(), name, spec.cgroup().limits());
        } catch (CgroupException e) {
            if (spec.cgroup().optional()) {
                LOG.log(System.Logger.Level.INFO, "no cgroup ({0}): cpuTimeLimit {1} is enforced per process "
                        + "with RLIMIT_CPU, as allowPerProcessCpuTimeLimit() allows", e.getMessage(),
                        spec.hardening().cpuTimeLimit());
                return null;
            }
            String why = spec.hardening().cpuTimeLimit() == null ? e.getMessage() : e.getMessage()
                    + " (cpuTimeLimit measures the sandbox's total CPU on its cgroup; allowPerProcessCpuTimeLimit() "
                    + "enforces it per process with RLIMIT_CPU where no cgroup can be created)";
            throw new SandboxStartException("cgroup", why, e);
        }
        boolean pidShared = !spec.has(Namespace.PID);
        cleanups.add(extra -> {
            try {
                if (pidShared) {
                    cg.killAll(); // the init ended: what it started in the host's pid namespace goes with it
                }
                CgroupStats s = cg.stats();
                extra.memoryPeakBytes = s.memoryPeakBytes();
                extra.cpuUsage = s.cpuUsage();
                extra.pidsPeak = s.pidsPeak();
                extra.oomKilled = cg.oomKilled();
            } finally {
                cg.close();
            }
        });
        return cg;
    }
}
