package dev.sandbox4j.cgroups.internal;

import dev.sandbox4j.cgroups.CgroupLayout;
import dev.sandbox4j.cgroups.Controller;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What discovery found: the layout, each v1 controller's mount directory, the cgroup2 mount, and this
 * process's own cgroup directory in each.
 *
 * @param v1Mounts v1 controller to its mount directory (co-mounted controllers share one)
 * @param v1Own v1 controller to this process's cgroup directory in that hierarchy, where known
 * @param v2Mount the cgroup2 mount directory
 * @param v2Own this process's v2 cgroup directory, where known
 */
public record HostModel(CgroupLayout layout, Map<Controller, Path> v1Mounts, Map<Controller, Path> v1Own,
        Optional<Path> v2Mount, Optional<Path> v2Own) {

    public HostModel {
        // EnumMap keeps controller order stable for describe() and tests
        v1Mounts = Collections.unmodifiableMap(v1Mounts.isEmpty() ? Map.of() : new EnumMap<>(v1Mounts));
        v1Own = Collections.unmodifiableMap(v1Own.isEmpty() ? Map.of() : new EnumMap<>(v1Own));
    }

    /**
     * Builds the model from mountinfo and /proc/self/cgroup texts; mount points are resolved under {@code root}
     * (the real "/" or a fake tree).
     */
    public static HostModel of(String mountinfo, String procSelfCgroup, Path root) {
        List<MountInfo.CgroupMount> mounts = MountInfo.cgroupMounts(mountinfo);
        List<ProcCgroup.Entry> own = ProcCgroup.parse(procSelfCgroup);
        Map<Controller, Path> v1 = new EnumMap<>(Controller.class);
        Map<Controller, Path> v1Own = new EnumMap<>(Controller.class);
        Path v2 = null;
        Path v2Own = null;
        boolean anyV1Controller = false;
        for (MountInfo.CgroupMount m : mounts) {
            Path dir = under(root, m.mountPoint());
            if (m.v2()) {
                if (v2 == null) { // the first cgroup2 mount is the one systemd made; later ones are bind copies
                    v2 = dir;
                    for (ProcCgroup.Entry e : own) {
                        if (e.isV2()) {
                            v2Own = ownDir(dir, m.root(), e.path());
                        }
                    }
                }
                continue;
            }
            for (String opt : m.superOptions()) {
                Controller c = Controller.ofV1Name(opt).orElse(null);
                if (c == null || v1.containsKey(c)) {
                    continue;
                }
                anyV1Controller = true;
                v1.put(c, dir);
                for (ProcCgroup.Entry e : own) {
                    if (e.controllers().contains(opt)) {
                        Path o = ownDir(dir, m.root(), e.path());
                        if (o != null) {
                            v1Own.put(c, o);
                        }
                    }
                }
            }
        }
        CgroupLayout layout = anyV1Controller ? (v2 != null ? CgroupLayout.HYBRID : CgroupLayout.LEGACY)
                : (v2 != null ? CgroupLayout.UNIFIED : CgroupLayout.NONE);
        return new HostModel(layout, v1, v1Own, Optional.ofNullable(v2), Optional.ofNullable(v2Own));
    }

    static Path under(Path root, String absolute) {
        String rel = absolute.replaceFirst("^/+", "");
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    /** The directory of cgroup {@code path} in a hierarchy whose {@code mountRoot} is mounted at {@code mountDir}. */
    private static Path ownDir(Path mountDir, String mountRoot, String path) {
        if (path.contains("/..") || path.endsWith(" (deleted)")) {
            return null; // outside our cgroup namespace's view or removed: unusable
        }
        String root = mountRoot.equals("/") ? "" : mountRoot;
        if (!root.isEmpty() && !(path.equals(root) || path.startsWith(root + "/"))) {
            // In a cgroup namespace, paths are already relative to the namespace root, which is what is mounted.
            return under(mountDir, path);
        }
        return under(mountDir, path.substring(root.length()));
    }
}
