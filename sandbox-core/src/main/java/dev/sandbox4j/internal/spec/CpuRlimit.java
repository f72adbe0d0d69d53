package dev.sandbox4j.internal.spec;

import java.time.Duration;

/**
 * The RLIMIT_CPU that goes with a {@code cpuTimeLimit}. Measured on a cgroup, the limit is the
 * sandbox's total and the rlimit only a safety net, set a second above so that it never decides
 * first: RLIMIT_CPU is checked per tick and was seen firing at 0.84 s of a 1 s limit under load.
 * Without a cgroup (the caller allowed the per-process fallback) it is the limit itself, in whole
 * seconds rounded up.
 *
 * <pre>{@code
 * CpuRlimit.of(Duration.ofMillis(500), false); // {2, 3}: SIGXCPU at 2 s, SIGKILL at 3 s
 * }</pre>
 */
public final class CpuRlimit {
    private CpuRlimit() {}

    /** {soft, hard} for {@code limit}; {@code perProcess} when RLIMIT_CPU may be the only enforcement. */
    public static long[] of(Duration limit, boolean perProcess) {
        long secs = Math.max(1, (limit.toMillis() + 999) / 1000) + (perProcess ? 0 : 1);
        return new long[] {secs, secs + 1}; // SIGXCPU, then SIGKILL a second later
    }

    /**
     * The spec to launch once it is known whether the sandbox got a cgroup: an optional one (wanted for
     * the CPU limit alone, with the per-process fallback allowed) that was created measures the limit,
     * so RLIMIT_CPU goes back to being the safety net a second above.
     */
    public static LaunchSpec settle(LaunchSpec spec, boolean cgroupCreated) {
        HardeningSpec h = spec.hardening();
        if (!cgroupCreated || spec.cgroup() == null || !spec.cgroup().optional() || h.cpuTimeLimit() == null) {
            return spec;
        }
        java.util.Map<dev.sandbox4j.ResourceLimit, long[]> r = new java.util.HashMap<>(h.rlimits());
        r.put(dev.sandbox4j.ResourceLimit.CPU, of(h.cpuTimeLimit(), false));
        return spec.toBuilder().hardening(new HardeningSpec(h.seccompFilter(), h.keepCaps(), h.noNewPrivs(), r,
                h.passFds(), h.cpuTimeLimit(), h.traceTraps(), h.outputLimits(), h.workspaces())).build();
    }
}
