package dev.sandbox4j.internal.launch;

import dev.sandbox4j.cgroups.CgroupLayout;
import dev.sandbox4j.cgroups.Controller;
import dev.sandbox4j.cgroups.SandboxCgroup;
import dev.sandbox4j.fs.MountStep;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.fs.PreparedRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the sandbox sees at {@code /sys/fs/cgroup}: its own cgroup, read-only, or nothing.
 *
 * <p>With a cgroup, each of the sandbox's own group directories is bound read-only from the host, the way
 * runc lays out v1: on v2 the one directory on {@code /sys/fs/cgroup}; on v1 and hybrid hosts a small tmpfs
 * there holding one directory per hierarchy, named as the host's mount point (plus a link per controller of
 * a co-mounted hierarchy, {@code cpu -> cpu,cpuacct}), then made read-only. A bind rather than a fresh
 * cgroup mount: it needs no privilege over the hierarchy (a rootless v2 caller may bind its delegated group
 * but on v1 could mount nothing), and with the cgroup namespace the init enters after joining, the kernel
 * shows both {@code /proc/self/cgroup} and the mounts' roots in {@code /proc/self/mountinfo} as {@code /},
 * which is what runtimes sizing themselves from their cgroup (a JVM's container support) look for.
 *
 * <p>Without a cgroup, a fresh sysfs shows {@code /sys/fs/cgroup} empty; on any other {@code /sys} an empty
 * read-only tmpfs hides the host's hierarchies (every other sandbox's group
 * and its usage).
 *
 * <p>The steps follow the plan's own, so they apply to whatever {@code /sys} the plan mounted. They are
 * added only where {@code /sys/fs/cgroup} exists in the new root or a step of the plan mounts {@code /sys}:
 * a rootfs without it stays as it is (a read-only rootfs could not take the mount point).
 */
final class CgroupView {
    static final String TARGET = "/sys/fs/cgroup";
    /** The v1 tmpfs holds only directories and links: they take no pages. */
    static final long TMPFS_BYTES = 64L << 10;

    private CgroupView() {}

    /**
     * {@code m} with the view's steps after its own; {@code m} itself when the root has no place for it.
     * The copy owns nothing: {@code m} still removes what its preparation made.
     *
     * @param v1Mounts the host's v1 mount point of each controller ({@code CgroupHost.controllers()})
     */
    static PreparedMounts addTo(PreparedMounts m, SandboxCgroup cgroup, Map<Controller, Path> v1Mounts) {
        if (m == null || !hasPlace(m)) {
            return m;
        }
        List<MountStep> steps = new ArrayList<>(m.steps());
        if (cgroup != null) {
            steps.addAll(steps(cgroup, v1Mounts));
        } else if (!freshSysfs(m)) { // a fresh sysfs's /sys/fs/cgroup is empty already
            steps.add(new MountStep.Mask(TARGET));
        }
        return new PreparedMounts(m.plan(), m.root(), steps, m.base(), m.scratchBytes(), m.workDirs(), List.of());
    }

    static List<MountStep> steps(SandboxCgroup cgroup, Map<Controller, Path> v1Mounts) {
        if (cgroup.layout() == CgroupLayout.UNIFIED) {
            return List.of(new MountStep.Bind(cgroup.directories().getFirst(), TARGET, true));
        }
        List<MountStep> out = new ArrayList<>();
        out.add(new MountStep.Tmpfs(TARGET, TMPFS_BYTES, 0755, true));
        List<Path> mounts = v1Mounts.values().stream().distinct()
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
        for (Path dir : cgroup.directories()) {
            Path mount = mounts.stream().filter(dir::startsWith).findFirst().orElseThrow(() ->
                    new IllegalStateException("cgroup directory " + dir + " is under no v1 mount " + mounts));
            String name = mount.getFileName().toString();
            out.add(new MountStep.Bind(dir, TARGET + "/" + name, true));
            for (Map.Entry<Controller, Path> e : v1Mounts.entrySet()) {
                String controller = e.getKey().v1Name();
                if (e.getValue().equals(mount) && !controller.equals(name)) {
                    out.add(new MountStep.Symlink(name, TARGET + "/" + controller));
                }
            }
        }
        out.add(new MountStep.RemountReadOnly(TARGET, false));
        return out;
    }

    private static boolean freshSysfs(PreparedMounts m) {
        return m.steps().stream().anyMatch(s -> s instanceof MountStep.Sysfs f && f.target().equals("/sys"));
    }

    private static boolean hasPlace(PreparedMounts m) {
        if (m.steps().stream().anyMatch(s -> s.target().equals("/sys") && !(s instanceof MountStep.Tmpfs))) {
            return true;
        }
        return switch (m.root()) {
            case PreparedRoot.Bind b -> Files.isDirectory(b.dir().resolve("sys/fs/cgroup"));
            case PreparedRoot.Overlay o -> o.lowers().stream().anyMatch(l -> Files.isDirectory(l.resolve("sys/fs/cgroup")));
            case PreparedRoot.Tmpfs t -> false; // empty until a step mounts /sys
        };
    }
}
