package dev.sandbox4j.cgroups;

import dev.sandbox4j.cgroups.internal.Backend;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupNames;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import dev.sandbox4j.cgroups.internal.HostModel;
import dev.sandbox4j.cgroups.internal.v1.V1Backend;
import dev.sandbox4j.cgroups.internal.v2.V2Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The cgroup setup of this host as seen by this process, and the factory for sandbox cgroups.
 *
 * <p>Promises: {@link #detect()} never fails (a host without usable cgroups reports {@link CgroupLayout#NONE}
 * or an {@link #unavailableReason()}); {@link #create} either returns a cgroup with every requested limit
 * written or throws a {@link CgroupException} and leaves nothing behind. Where cgroups go by default:
 * <ul>
 *   <li>v1 (legacy, and the v1 side of hybrid hosts): {@code <mount>/sandbox4j/<name>} in each hierarchy used
 *       (root only, as v1 cannot be delegated safely);
 *   <li>v2 as root: {@code /sys/fs/cgroup/sandbox4j/<name>}, controllers enabled top-down;
 *   <li>v2 as an ordinary user: {@code <own cgroup>/sandbox4j/<name>} when the user owns the JVM's own cgroup
 *       (e.g. {@code systemd-run --user --scope -p Delegate=yes java ...}); to satisfy v2's no-internal-processes
 *       rule the JVM moves itself into {@code <own cgroup>/sandbox4j-host} the first time controllers must be
 *       enabled in its own cgroup.
 * </ul>
 * A hybrid host uses v1 for every controller mounted there; controllers only on its cgroup2 side are not used.
 * Detection reads {@code /proc/self/mountinfo} (the fstype field tells cgroup from cgroup2, which is what
 * statfs's magic would say) and {@code /proc/self/cgroup}.
 *
 * <pre>{@code
 * CgroupHost host = CgroupHost.detect();
 * host.describe().forEach(System.out::println);
 * try (SandboxCgroup cg = host.create("run-42", CgroupLimits.builder().memory("80M").build())) {
 *     // spawn; the shim writes its pid to each of cg.procsFiles()
 * }
 * }</pre>
 */
public final class CgroupHost {

    private final HostModel model;
    private final Backend backend;

    private CgroupHost(HostModel model, Backend backend) {
        this.model = model;
        this.backend = backend;
    }

    /** This process on the real host. */
    public static CgroupHost detect() {
        return detect(HostPaths.system());
    }

    /** The host described by {@code paths} (a fake tree in tests). */
    public static CgroupHost detect(HostPaths paths) {
        return detect(paths, CgroupFs.REAL);
    }

    /** Package-private for tests that record file operations. */
    static CgroupHost detect(HostPaths paths, CgroupFs fs) {
        Objects.requireNonNull(paths, "paths");
        String mountinfo;
        String procCgroup;
        try {
            mountinfo = ProcFile.read(paths.mountinfo());
            procCgroup = Files.exists(paths.procSelfCgroup()) ? ProcFile.read(paths.procSelfCgroup()) : "";
        } catch (IOException e) {
            HostModel none = HostModel.of("", "", paths.root());
            return new CgroupHost(none, Backend.none("cannot read " + paths.mountinfo() + ": " + CgroupIo.reason(e)));
        }
        HostModel model = HostModel.of(mountinfo, procCgroup, paths.root());
        Backend backend = switch (model.layout()) {
            case LEGACY, HYBRID -> new V1Backend(model, fs, paths.uid());
            case UNIFIED -> new V2Backend(model, fs, paths.uid());
            case NONE -> Backend.none("no cgroup or cgroup2 file system is mounted (see " + paths.mountinfo() + ")");
        };
        return new CgroupHost(model, backend);
    }

    /** How cgroups are mounted. */
    public CgroupLayout layout() {
        return model.layout();
    }

    /**
     * The controllers usable for sandboxes and where: on v1 the hierarchy's mount directory, on v2 the parent
     * directory whose children get them. Empty when no cgroup is usable.
     */
    public Map<Controller, Path> controllers() {
        return backend.unavailableReason().isPresent() ? Map.of() : backend.controllers();
    }

    /** The cgroup path sandboxes go under by default ({@code /sandbox4j}, or below the delegated cgroup); empty when none is usable. */
    public Optional<String> defaultParent() {
        return backend.defaultParent();
    }

    /**
     * The directories sandbox cgroups go into by default, one per hierarchy ({@code /sys/fs/cgroup/memory/sandbox4j},
     * ... on v1; one on v2); empty when no cgroup is usable. Some may not exist yet.
     */
    public List<Path> defaultParentDirectories() {
        Optional<String> parent = defaultParent();
        if (parent.isEmpty()) {
            return List.of();
        }
        String rel = parent.get().replaceFirst("^/+", "");
        List<Path> mounts = layout() == CgroupLayout.UNIFIED ? model.v2Mount().stream().toList()
                : model.v1Mounts().values().stream().distinct().toList();
        return mounts.stream().map(m -> rel.isEmpty() ? m : m.resolve(rel)).toList();
    }

    /** True when {@link #create(String, CgroupLimits)} can make cgroups here (controllers permitting). */
    public boolean isAvailable() {
        return backend.unavailableReason().isEmpty();
    }

    /** Why no cgroup can be created here, with how to get one; empty when one can. */
    public Optional<String> unavailableReason() {
        return backend.unavailableReason();
    }

    /** Lines for {@code Sandbox.probe()}: layout, controllers, the writable parent or why there is none. */
    public List<String> describe() {
        return List.copyOf(new ArrayList<>(backend.describe()));
    }

    /**
     * Creates sandbox cgroup {@code name} under the default parent with {@code limits} written (empty limits:
     * accounting and control only).
     *
     * @throws CgroupException {@link CgroupException.Kind#UNAVAILABLE} when no writable cgroup exists,
     *     {@link CgroupException.Kind#CONTROLLER_MISSING} when a controller the limits need is missing,
     *     {@link CgroupException.Kind#FAILED} when a write failed (the name exists, a limit was refused)
     */
    public SandboxCgroup create(String name, CgroupLimits limits) throws CgroupException {
        return backend.create(null, CgroupNames.check(name), Objects.requireNonNull(limits, "limits"));
    }

    /**
     * As {@link #create(String, CgroupLimits)} under {@code parent}: a cgroup path relative to the hierarchy root
     * ({@code /sandbox4j/judge}), or a directory under a cgroup mount ({@code /sys/fs/cgroup/memory/judge} on v1,
     * {@code /sys/fs/cgroup/judge} on v2), which is converted to its cgroup path.
     */
    public SandboxCgroup create(Path parent, String name, CgroupLimits limits) throws CgroupException {
        return backend.create(cgroupPathOf(Objects.requireNonNull(parent, "parent")), CgroupNames.check(name),
                Objects.requireNonNull(limits, "limits"));
    }

    private String cgroupPathOf(Path parent) {
        Path p = parent.normalize();
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("invalid cgroup parent '" + parent + "': expected an absolute cgroup path "
                    + "like /sandbox4j/judge or a directory under a cgroup mount");
        }
        List<Path> mounts = new ArrayList<>(model.v1Mounts().values());
        model.v2Mount().ifPresent(mounts::add);
        // Longest mount first: /sys/fs/cgroup/memory must win over /sys/fs/cgroup (v2 mount on a unified host).
        mounts.sort((a, b) -> b.getNameCount() - a.getNameCount());
        for (Path m : mounts) {
            if (p.startsWith(m)) {
                return "/" + m.relativize(p);
            }
        }
        return p.toString();
    }

    @Override
    public String toString() {
        return "CgroupHost" + describe();
    }
}
