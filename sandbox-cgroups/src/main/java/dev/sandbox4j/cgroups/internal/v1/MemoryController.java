package dev.sandbox4j.cgroups.internal.v1;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.units.MemorySize;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import java.lang.System.Logger.Level;
import java.nio.file.Path;

/** v1 memory limits: {@code memory.limit_in_bytes}, then {@code memory.memsw.limit_in_bytes} = memory + swap. */
final class MemoryController {

    private static final System.Logger LOG = System.getLogger("dev.sandbox4j.cgroups");

    static final String LIMIT = "memory.limit_in_bytes";
    static final String MEMSW = "memory.memsw.limit_in_bytes";

    private MemoryController() {
    }

    static void apply(CgroupFs fs, Path dir, CgroupLimits limits) throws CgroupException {
        if (limits.memory().isEmpty()) {
            return;
        }
        MemorySize memory = limits.memory().get();
        // memsw must never be below the memory limit, so memory goes first (a new group starts unlimited).
        CgroupIo.write(fs, dir.resolve(LIMIT), Long.toString(memory.bytes()));
        Path memsw = dir.resolve(MEMSW);
        if (!fs.exists(memsw)) {
            if (limits.memorySwap().isPresent()) {
                throw new CgroupException(CgroupException.Kind.CONTROLLER_MISSING, "memorySwap " + limits.memorySwap().get()
                        + " cannot be enforced: " + memsw + " does not exist (swap accounting is off; boot the kernel with "
                        + "swapaccount=1, or do not set memorySwap)");
            }
            LOG.log(Level.DEBUG, "{0} absent (no swap accounting): the program may use swap beyond {1}", memsw, memory);
            return;
        }
        MemorySize swap = limits.memorySwap().orElse(MemorySize.ZERO);
        CgroupIo.write(fs, memsw, Long.toString(memory.plus(swap).bytes()));
    }
}
