package dev.sandbox4j.cgroups.internal.v2;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import java.nio.file.Path;

/** v2 {@code pids.max}. */
final class PidsController {

    private PidsController() {
    }

    static void apply(CgroupFs fs, Path dir, CgroupLimits limits) throws CgroupException {
        if (limits.pids().isPresent()) {
            CgroupIo.write(fs, dir.resolve("pids.max"), Integer.toString(limits.pids().getAsInt()));
        }
    }
}
