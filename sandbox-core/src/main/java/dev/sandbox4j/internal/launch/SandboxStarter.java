package dev.sandbox4j.internal.launch;

import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.internal.plan.Plan;
import dev.sandbox4j.internal.spec.CpuRlimit;
import dev.sandbox4j.internal.spec.LaunchSpec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Starts one resolved sandbox, in stages: prepares the host ({@link SandboxResources}: ids, network,
 * filesystem, workspaces, cgroup), encodes the plan ({@link PlanEncoder}) and hands both to the shim
 * ({@link ShimClient}). What the host holds has one owner on every path: the resources release
 * themselves when a stage before the launch fails, and the sandbox's process releases them once
 * the sandbox has ended.
 *
 * <pre>{@code
 * SandboxProcess p = new SandboxStarter(SandboxRuntime.system()).start(spec);
 * }</pre>
 */
public final class SandboxStarter {
    private final SandboxRuntime runtime;

    public SandboxStarter(SandboxRuntime runtime) {
        this.runtime = runtime;
    }

    public SandboxProcess start(LaunchSpec spec) throws IOException {
        return start(spec, null);
    }

    /**
     * @param hook edits the plan and adds init fds (a pooled sandbox's preparation); null for none
     */
    SandboxProcess start(LaunchSpec spec, PooledLaunch.PlanHook hook) throws IOException {
        SandboxResources resources = SandboxResources.prepare(spec, runtime);
        Map<Integer, Integer> initFds = new TreeMap<>();
        Plan plan;
        try {
            // a private network's member: with the address it got
            spec = spec.toBuilder().network(resources.net().network()).build();
            spec = CpuRlimit.settle(spec, resources.cgroup() != null);
            PreparedMounts mounts = CgroupView.addTo(resources.mounts(), resources.cgroup(),
                    resources.cgroup() == null ? null : runtime.cgroupHost().controllers());
            plan = PlanEncoder.encode(spec, resources.ids().ids(), mounts,
                    resources.cgroup() == null ? List.of() : resources.cgroup().procsFiles());
            if (hook != null) {
                plan = hook.edit(plan, mounts, resources.cgroup(), initFds);
            }
        } catch (IOException | RuntimeException e) {
            resources.close();
            throw e;
        }
        // From here the shim client owns the resources, on every path.
        SandboxProcess p = new ShimClient(runtime).launch(spec, resources.ids(), plan, resources.cgroup(),
                List.of(resources.cleanup()), withAll(resources.initFds(spec), initFds));
        resources.net().launched(p);
        return p;
    }

    private static Map<Integer, Integer> withAll(Map<Integer, Integer> fds, Map<Integer, Integer> more) {
        Map<Integer, Integer> all = new TreeMap<>(fds);
        all.putAll(more);
        return all;
    }
}
