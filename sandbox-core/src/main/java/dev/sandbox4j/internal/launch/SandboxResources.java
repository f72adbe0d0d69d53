package dev.sandbox4j.internal.launch;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.cgroups.SandboxCgroup;
import dev.sandbox4j.fs.OverlayDiff;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.fs.PreparedRoot;
import dev.sandbox4j.internal.ids.IdPolicy;
import dev.sandbox4j.internal.net.NetSetup;
import dev.sandbox4j.internal.process.Cleanup;
import dev.sandbox4j.internal.process.Measurements;
import dev.sandbox4j.internal.spec.LaunchSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything one sandbox holds on the host: its host ids, the JVM's ends of its network, its
 * prepared filesystem, its idmapped workspaces and its cgroup. One owner, released in one place
 * (as crun does): {@link #prepare} takes them in order and, when a step fails, releases what it took
 * before throwing; once launched, the sandbox's process calls {@link #run} when the sandbox has ended:
 * {@link #measure} what the result reports, then {@link #close} in the reverse order of taking.
 *
 * <pre>{@code
 * SandboxResources r = SandboxResources.prepare(spec, runtime); // or throws, holding nothing
 * ... launch with r.ids(), r.mounts(), r.cgroup(), r.initFds(spec) ...
 * r.run(result);                                                 // measure, then close
 * }</pre>
 */
final class SandboxResources implements Cleanup {
    private static final System.Logger LOG = System.getLogger(SandboxResources.class.getName());
    private static final AtomicLong SEQ = new AtomicLong();

    private final SandboxRuntime runtime;
    private final boolean pidShared;
    private final List<Release> idReleases = new ArrayList<>();
    private LaunchIds ids;
    private NetSetup net;
    private PreparedMounts mounts;
    private IdmappedWorkspaces workspaces;
    private SandboxCgroup cgroup;
    private boolean closed;

    private SandboxResources(LaunchSpec spec, SandboxRuntime runtime) {
        this.runtime = runtime;
        // sharing the host's pid namespace, the init's end does not end what it started: its cgroup's kill does
        this.pidShared = !spec.has(Namespace.PID);
    }

    /** Takes what {@code spec} needs on the host; on failure releases what it took and throws. */
    static SandboxResources prepare(LaunchSpec spec, SandboxRuntime runtime) throws IOException {
        SandboxResources r = new SandboxResources(spec, runtime);
        try {
            r.ids = LaunchIds.of(spec, runtime, r.idReleases);
            r.net = NetSetup.prepare(spec.network());
            r.mounts = r.prepareMounts(spec);
            if (IdmappedWorkspaces.idmapped(spec) && r.ids.ids() != null) {
                // As root, root inside is an unprivileged host uid: its workspaces are idmapped mounts.
                r.workspaces = IdmappedWorkspaces.open(runtime, spec.hardening().workspaces(),
                        runtime.sys().geteuid(), runtime.sys().getegid(), r.ids.ids().uid(), r.ids.ids().gid());
            }
            r.cgroup = r.createCgroup(spec);
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    LaunchIds ids() {
        return ids;
    }

    /** The prepared filesystem; null when the mount namespace is shared. */
    PreparedMounts mounts() {
        return mounts;
    }

    /** The sandbox's cgroup; null without one. */
    SandboxCgroup cgroup() {
        return cgroup;
    }

    NetSetup net() {
        return net;
    }

    /** The fds the init gets besides the launch's own (network channel, workspace mounts): slot to JVM fd. */
    Map<Integer, Integer> initFds(LaunchSpec spec) {
        Map<Integer, Integer> fds = new java.util.TreeMap<>(net.initFds());
        if (workspaces != null) {
            workspaces.place(spec, fds); // detached idmapped mounts the init attaches
        }
        return fds;
    }

    /**
     * This as the cleanup of the sandbox's process: a quick one, run where the sandbox's end was seen
     * without a hand-off to a worker thread, when nothing it releases may block (no cgroup to measure
     * and remove, nothing of the filesystem on the host, no network relay: the default sandbox).
     */
    Cleanup cleanup() {
        boolean quick = cgroup == null && net.initFds().isEmpty() && (mounts == null
                || mounts.cleanup().isEmpty() && !(mounts.root() instanceof PreparedRoot.Overlay));
        return quick ? (Cleanup.Quick) this::run : this;
    }

    /** When the sandbox has ended: measure, then release everything (the cleanup of its process). */
    @Override
    public void run(Measurements.Builder result) {
        try {
            if (pidShared && cgroup != null) {
                cgroup.killAll(); // the init ended: what it started in the host's pid namespace goes with it
            }
            measure(result);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "measuring a sandbox that ended failed", e);
        } finally {
            close();
        }
    }

    /** What the result reports of the host side: the cgroup's peaks, CPU and OOM, an overlay root's changes. */
    void measure(Measurements.Builder result) throws IOException {
        if (cgroup != null) {
            result.cgroup(cgroup.stats(), cgroup.oomKilled());
        }
        if (mounts != null && mounts.root() instanceof PreparedRoot.Overlay o) {
            result.changes(OverlayDiff.changes(o.upper(), o.lowers()));
        }
    }

    /** Releases everything held, newest first, each step on its own; a second call does nothing. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        release("cgroup", cgroup == null ? null : cgroup::close);
        release("workspaces", workspaces == null ? null : () -> workspaces.run(null));
        release("filesystem", mounts == null ? null : mounts::close);
        release("network", net == null ? null : net::close);
        for (Release r : idReleases.reversed()) {
            release("host ids", r);
        }
    }

    /** One thing to give back. */
    interface Release {
        void run() throws IOException;
    }

    private static void release(String what, Release r) {
        if (r == null) {
            return;
        }
        try {
            r.run();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing a sandbox's " + what + " failed", e);
        }
    }

    private PreparedMounts prepareMounts(LaunchSpec spec) throws SandboxStartException {
        if (spec.mounts() == null) {
            return null;
        }
        // Root inside maps to an unprivileged host id: give it the overlay work dirs it mounts with.
        boolean mapped = spec.has(Namespace.USER) && !spec.rootless();
        try {
            return spec.mounts().prepare(mapped ? IdPolicy.u32(ids.ids().uid()) : -1,
                    mapped ? IdPolicy.u32(ids.ids().gid()) : -1);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            // IllegalArgumentException: what only the unpacked tree shows (a tar root whose /proc is a symlink)
            throw new SandboxStartException("prepare filesystem", "cannot prepare the sandbox's filesystem: "
                    + e.getMessage(), e);
        }
    }

    private SandboxCgroup createCgroup(LaunchSpec spec) throws SandboxStartException {
        if (spec.cgroup() == null) {
            return null;
        }
        String name = StaleCgroups.name(SEQ.incrementAndGet());
        try {
            CgroupHost host = runtime.cgroupHost();
            return spec.cgroup().parent() == null ? host.create(name, spec.cgroup().limits())
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
    }
}
