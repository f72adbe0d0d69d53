package dev.sandbox4j.cgroups.internal.v2;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.Files2;
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
        Files2.write(fs, dir.resolve("cpuset.cpus"), limits.cpuset().get());
        Path parentMems = dir.getParent().resolve("cpuset.mems.effective");
        if (fs.exists(parentMems)) {
            String mems = Files2.read(fs, parentMems).trim();
            if (!mems.isEmpty()) {
                Files2.write(fs, dir.resolve("cpuset.mems"), mems);
            }
        }
    }
}
