package dev.sandbox4j.internal.plan;

import dev.sandbox4j.fs.MountStep;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.fs.PreparedRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the default root's tmpfs can go straight on {@link PreparedMounts#base()} ({@code ROOT_BASE})
 * instead of on a directory of a base tmpfs pivoted into first: one tmpfs and one {@code pivot_root}
 * fewer per start. The root then shadows the base directory in the sandbox's mount namespace and
 * the host's root is never below a prefix, so it applies only when no host path the plan names is
 * that directory, below it or above it (a recursive bind of an ancestor would carry the root
 * tmpfs), and when no scratch tmpfs is needed (it lives in the base).
 */
final class BaselessRoot {
    private BaselessRoot() {}

    static boolean applies(PreparedMounts m, Path nullDevice) {
        if (!(m.root() instanceof PreparedRoot.Tmpfs) || m.scratchBytes() > 0) {
            return false;
        }
        Path base = m.base();
        return hostPaths(m, nullDevice).stream().map(p -> p.toAbsolutePath().normalize())
                .noneMatch(p -> p.startsWith(base) || base.startsWith(p));
    }

    private static List<Path> hostPaths(PreparedMounts m, Path nullDevice) {
        List<Path> out = new ArrayList<>();
        for (MountStep s : m.steps()) {
            switch (s) {
                case MountStep.Bind b -> out.add(b.source());
                case MountStep.Overlay o -> {
                    out.addAll(o.lowers());
                    out.add(o.upper());
                    out.add(m.workDir(o));
                }
                case MountStep.Mask k -> out.add(nullDevice);
                default -> {} // the other steps name no host path
            }
        }
        return out;
    }
}
