package dev.sandbox4j.cgroups.internal.v2;

import dev.sandbox4j.cgroups.BlockDevice;
import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.cgroups.IoLimit;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** v2 {@code io.max}: one write per device, "MAJ:MIN rbps=N wbps=N riops=N wiops=N" with the keys that are set. */
final class IoController {

    private IoController() {
    }

    static void apply(CgroupFs fs, Path dir, CgroupLimits limits) throws CgroupException {
        for (String line : lines(limits).values()) {
            CgroupIo.write(fs, dir.resolve("io.max"), line);
        }
    }

    /** Device to its io.max line, in the order devices were first named. */
    static Map<BlockDevice, String> lines(CgroupLimits limits) {
        Map<BlockDevice, StringBuilder> byDevice = new LinkedHashMap<>();
        for (IoLimit l : limits.io()) {
            byDevice.computeIfAbsent(l.device(), d -> new StringBuilder(d.toString()))
                    .append(' ').append(l.kind().v2Key()).append('=').append(l.value());
        }
        Map<BlockDevice, String> out = new LinkedHashMap<>();
        byDevice.forEach((d, b) -> out.put(d, b.toString()));
        return out;
    }
}
