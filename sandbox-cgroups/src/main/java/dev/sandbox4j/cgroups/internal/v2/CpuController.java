package dev.sandbox4j.cgroups.internal.v2;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import java.nio.file.Path;

/** v2 {@code cpu.max} ("QUOTA PERIOD" in µs) and {@code cpu.weight}. */
final class CpuController {

    private CpuController() {
    }

    static void apply(CgroupFs fs, Path dir, CgroupLimits limits) throws CgroupException {
        if (limits.cpus().isPresent()) {
            CgroupIo.write(fs, dir.resolve("cpu.max"), cpuMax(limits));
        }
        if (limits.cpuWeight().isPresent()) {
            CgroupIo.write(fs, dir.resolve("cpu.weight"), Integer.toString(limits.cpuWeight().getAsInt()));
        }
    }

    static String cpuMax(CgroupLimits limits) {
        return limits.cpuQuotaMicros().getAsLong() + " " + CgroupLimits.CPU_PERIOD_MICROS;
    }
}
