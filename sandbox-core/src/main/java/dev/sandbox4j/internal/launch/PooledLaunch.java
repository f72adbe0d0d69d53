package dev.sandbox4j.internal.launch;

import dev.sandbox4j.HostIds;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.cgroups.SandboxCgroup;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.internal.plan.Plan;
import dev.sandbox4j.internal.plan.PlanWriter;
import dev.sandbox4j.internal.process.Cleanup;
import dev.sandbox4j.internal.spec.HardeningSpec;
import dev.sandbox4j.internal.spec.LaunchSpec;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The launch path as a pooled sandbox uses it ({@code internal/pool}): its
 * preparation is an ordinary launch whose plan ends in the pool's ops, and
 * each run is a launch request sent to the prepared init instead of the
 * server, watched like any sandbox (status, timeouts, limits, accounting).
 */
public final class PooledLaunch {
    private PooledLaunch() {}

    /** Turns an ordinary launch's plan into a preparation's. */
    public interface PlanHook {
        /**
         * @param plan    the ordinary plan
         * @param mounts  the prepared filesystem, or null
         * @param cgroup  the init's own group, or null
         * @param initFds where to add fds for the init (slot to the JVM's fd; the hook's owner closes them)
         * @return the plan to launch
         */
        Plan edit(Plan plan, PreparedMounts mounts, SandboxCgroup cgroup, Map<Integer, Integer> initFds)
                throws IOException;
    }

    /** The definition as a preparation runs it: no timeout or CPU budget of its own, no stdio. */
    public static LaunchSpec preparation(LaunchSpec s) {
        HardeningSpec h = s.hardening();
        HardeningSpec quiet = new HardeningSpec(h.seccompFilter(), h.keepCaps(), h.noNewPrivs(), h.rlimits(),
                h.passFds(), null, h.traceTraps(), OutputLimits.NONE, h.workspaces());
        return s.toBuilder().stdin(Redirect.from(new File("/dev/null"))).stdout(Redirect.DISCARD)
                .stderr(Redirect.DISCARD).redirectErrorStream(false).timeout(null).hardening(quiet).build();
    }

    /** One run of the definition: its command, environment and stdio replaced. */
    public static LaunchSpec forRun(LaunchSpec s, List<String> command, Map<String, String> env, Redirect in,
            Redirect out, Redirect err, boolean errToOut) {
        return s.toBuilder().command(command).environment(env).stdin(in).stdout(out).stderr(err)
                .redirectErrorStream(errToOut).build();
    }

    /** Launches a preparation: returns once its init serves runs; its end removes what it held. */
    public static SandboxProcess prepare(SandboxRuntime runtime, LaunchSpec preparation, PlanHook hook)
            throws IOException {
        return new SandboxStarter(runtime).start(preparation, hook);
    }

    /** The host's cgroups, as every launch of this runtime uses them. */
    public static CgroupHost cgroupHost(SandboxRuntime runtime) {
        return runtime.cgroupHost();
    }

    /** The target's steps of a run (session, ids, rlimits, caps, fds, seccomp, exec), after {@code w}'s ops. */
    public static void targetOps(LaunchSpec run, PlanWriter w) {
        PlanEncoder.target(run, w);
    }

    /**
     * Sends one run to a prepared init over its channel.
     *
     * @param cgroup  the run's fresh group, or null; removed (after it is measured) once the run is over
     * @param initFds the run's other fds, slot to the JVM's fd (the caller closes its own)
     */
    public static SandboxProcess run(SandboxRuntime runtime, int channel, LaunchSpec run, HostIds ids, Plan plan,
            SandboxCgroup cgroup, Map<Integer, Integer> initFds) throws IOException {
        List<Cleanup> cleanups = cgroup == null ? List.of() : List.of(measured -> {
            try {
                measured.cgroup(cgroup.stats(), cgroup.oomKilled());
            } finally {
                cgroup.close();
            }
        });
        RequestSink toInit = request -> runtime.sys().sendWithFds(channel, request.encode(), request.fds());
        LaunchIds launchIds = new LaunchIds(ids, LaunchIds.SERVER, LaunchIds.SERVER, -1);
        return new ShimClient(runtime, toInit).launch(run, launchIds, plan, cgroup, cleanups, new TreeMap<>(initFds));
    }
}
