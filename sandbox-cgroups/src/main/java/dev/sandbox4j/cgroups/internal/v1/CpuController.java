package dev.sandbox4j.cgroups.internal.v1;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import java.nio.file.Path;

/** v1 cpu limits: CFS period and quota, and shares mapped from the v2 weight. */
final class CpuController {

    private CpuController() {
    }

    static void apply(CgroupFs fs, Path dir, CgroupLimits limits) throws CgroupException {
        if (limits.cpus().isPresent()) {
            // Period first: the quota is checked against it.
            CgroupIo.write(fs, dir.resolve("cpu.cfs_period_us"), Long.toString(CgroupLimits.CPU_PERIOD_MICROS));
            CgroupIo.write(fs, dir.resolve("cpu.cfs_quota_us"), Long.toString(limits.cpuQuotaMicros().getAsLong()));
        }
        if (limits.cpuWeight().isPresent()) {
            CgroupIo.write(fs, dir.resolve("cpu.shares"), Long.toString(sharesOf(limits.cpuWeight().getAsInt())));
        }
    }

    /**
     * Inverse of the shares-to-weight mapping runc and crun use ({@code 1 + (shares-2)*9999/262142}), so a
     * weight goes to the shares those runtimes would have turned into it: 1 -> 2, 100 -> 2598, 10000 -> 262144.
     */
    static long sharesOf(int weight) {
        return 2 + ((long) (weight - 1) * 262142 + 9998) / 9999;
    }
}
