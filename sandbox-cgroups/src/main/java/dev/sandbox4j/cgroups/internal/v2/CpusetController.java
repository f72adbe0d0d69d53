package dev.sandbox4j.cgroups.internal.v2;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import java.nio.file.Path;

/**
 * v2 {@code cpuset.cpus}; {@code cpuset.mems} is copied from the parent's effective mems so both are explicit
 * (v2 would also inherit an empty value, but an explicit one reads back the same on every kernel).
 */
final class CpusetController {

    private CpusetController() {
    }

    static void apply(CgroupFs fs, Path dir, CgroupLimits limits) throws CgroupException {
        if (limits.cpuset().isEmpty()) {
            return;
        }
        CgroupIo.write(fs, dir.resolve("cpuset.cpus"), limits.cpuset().get());
        Path parentMems = dir.getParent().resolve("cpuset.mems.effective");
        if (fs.exists(parentMems)) {
            String mems = CgroupIo.read(fs, parentMems).trim();
            if (!mems.isEmpty()) {
                CgroupIo.write(fs, dir.resolve("cpuset.mems"), mems);
            }
        }
    }
}
