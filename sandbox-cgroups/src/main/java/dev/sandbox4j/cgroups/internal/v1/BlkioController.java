package dev.sandbox4j.cgroups.internal.v1;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.cgroups.IoLimit;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import java.nio.file.Path;

/** v1 {@code blkio.throttle.*_device}: one "MAJ:MIN VALUE" write per device and kind. */
final class BlkioController {

    private BlkioController() {
    }

    static void apply(CgroupFs fs, Path dir, CgroupLimits limits) throws CgroupException {
        for (IoLimit l : limits.io()) {
            CgroupIo.write(fs, dir.resolve(l.kind().v1File()), l.device() + " " + l.value());
        }
    }
}
