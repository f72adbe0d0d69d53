package dev.sandbox4j.internal.launch;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupStats;
import dev.sandbox4j.cgroups.SandboxCgroup;

/** What a sandbox's cgroup adds to its result once the sandbox has ended. */
final class CgroupMeasure {
    private CgroupMeasure() {}

    /** Peak memory, CPU usage, pids peak and OOM kills into {@code extra}. */
    static void into(SandboxCgroup cg, SandboxProcessImpl.ResultBuilder extra) throws CgroupException {
        CgroupStats s = cg.stats();
        extra.memoryPeakBytes = s.memoryPeakBytes();
        extra.cpuUsage = s.cpuUsage();
        extra.pidsPeak = s.pidsPeak();
        extra.oomKilled = cg.oomKilled();
    }
}
