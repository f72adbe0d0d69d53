package dev.sandbox4j.cgroups.internal.v1;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import java.nio.file.Path;

/**
 * v1 cpuset: a new cpuset group starts with empty {@code cpuset.cpus} and {@code cpuset.mems}, and no task
 * can join it until both are set, so both are filled: cpus from the limit or the parent, mems from the parent.
 */
final class CpusetController {

    static final String CPUS = "cpuset.cpus";
    static final String MEMS = "cpuset.mems";

    private CpusetController() {
    }

    /** Fills {@code dir}'s cpus and mems from its parent when they are empty (used for the shared parent too). */
    static void inheritIfEmpty(CgroupFs fs, Path dir) throws CgroupException {
        for (String f : new String[] {CPUS, MEMS}) {
            if (CgroupIo.read(fs, dir.resolve(f)).isBlank()) {
                CgroupIo.write(fs, dir.resolve(f), CgroupIo.read(fs, dir.getParent().resolve(f)).trim());
            }
        }
    }

    static void apply(CgroupFs fs, Path dir, String cpus) throws CgroupException {
        CgroupIo.write(fs, dir.resolve(CPUS), cpus);
        CgroupIo.write(fs, dir.resolve(MEMS), CgroupIo.read(fs, dir.getParent().resolve(MEMS)).trim());
    }
}
