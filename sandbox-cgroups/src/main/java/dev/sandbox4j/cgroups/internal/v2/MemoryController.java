package dev.sandbox4j.cgroups.internal.v2;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.units.MemorySize;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import java.lang.System.Logger.Level;
import java.nio.file.Path;

/** v2 {@code memory.max} and {@code memory.swap.max} (swap beyond memory; 0 unless asked). */
final class MemoryController {

    private static final System.Logger LOG = System.getLogger("dev.sandbox4j.cgroups");

    private MemoryController() {
    }

    static void apply(CgroupFs fs, Path dir, CgroupLimits limits) throws CgroupException {
        if (limits.memory().isEmpty()) {
            return;
        }
        CgroupIo.write(fs, dir.resolve("memory.max"), Long.toString(limits.memory().get().bytes()));
        Path swap = dir.resolve("memory.swap.max");
        if (!fs.exists(swap)) {
            if (limits.memorySwap().isPresent()) {
                throw new CgroupException(CgroupException.Kind.CONTROLLER_MISSING, "memorySwap " + limits.memorySwap().get()
                        + " cannot be enforced: " + swap + " does not exist (swap accounting is off in this kernel)");
            }
            LOG.log(Level.DEBUG, "{0} absent: no swap accounting", swap);
            return;
        }
        CgroupIo.write(fs, swap, Long.toString(limits.memorySwap().orElse(MemorySize.ZERO).bytes()));
    }
}
