package dev.sandbox4j.cgroups.internal.v1;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupLayout;
import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.cgroups.Controller;
import dev.sandbox4j.cgroups.SandboxCgroup;
import dev.sandbox4j.cgroups.internal.Backend;
import dev.sandbox4j.cgroups.internal.CgroupDirs;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import dev.sandbox4j.cgroups.internal.HostModel;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Sandbox cgroups on v1 hierarchies (legacy hosts, and the v1 side of hybrid hosts). Each sandbox gets
 * {@code <mount>/<parent>/<name>} in the hierarchies of the controllers its limits need, plus freezer, memory,
 * cpuacct, pids, cpu and cpuset whenever mounted, so it can always be frozen, killed and measured, and its
 * runtimes find a complete set of hierarchies at {@code /sys/fs/cgroup}.
 */
public final class V1Backend implements Backend {

    private static final System.Logger LOG = System.getLogger("dev.sandbox4j.cgroups");

    /**
     * Joined whenever mounted: control and accounting even with no limits; cpu and cpuset too, because a
     * runtime reading its limits from inside (a JVM's container support) needs memory, cpu, cpuacct and cpuset
     * all mounted, and a hierarchy the sandbox has no group in cannot be shown to it.
     */
    static final Set<Controller> ALWAYS = EnumSet.of(Controller.FREEZER, Controller.MEMORY, Controller.CPUACCT,
            Controller.PIDS, Controller.CPU, Controller.CPUSET);

    public static final String DEFAULT_PARENT = "/sandbox4j";

    private final HostModel model;
    private final CgroupFs fs;
    private final int uid;
    private final Set<Path> preparedParents = ConcurrentHashMap.newKeySet();

    public V1Backend(HostModel model, CgroupFs fs, int uid) {
        this.model = model;
        this.fs = fs;
        this.uid = uid;
    }

    @Override
    public Map<Controller, Path> controllers() {
        return model.v1Mounts();
    }

    @Override
    public Optional<String> defaultParent() {
        return unavailableReason().isPresent() ? Optional.empty() : Optional.of(DEFAULT_PARENT);
    }

    @Override
    public Optional<String> unavailableReason() {
        return parentProblem(DEFAULT_PARENT);
    }

    /** Root may write anywhere; anyone else needs the parent (or, if absent, its mount) owned by them in every hierarchy. */
    private Optional<String> parentProblem(String parent) {
        if (model.v1Mounts().isEmpty()) {
            return Optional.of("no cgroup v1 controller is mounted");
        }
        if (uid == 0) {
            return Optional.empty();
        }
        for (Path mount : distinctMounts(model.v1Mounts().keySet())) {
            Path p = resolve(mount, parent);
            Path check = fs.exists(p) ? p : mount;
            try {
                int owner = fs.owner(check);
                if (owner != uid) {
                    return Optional.of(check + " is owned by uid " + owner + ", not by you (uid " + uid + "); cgroup v1 "
                            + "cannot be delegated to an ordinary user: run as root (or have root create and chown "
                            + resolve(mount, parent) + " in every hierarchy), or use a cgroup v2 host with "
                            + "systemd-run --user --scope -p Delegate=yes java ...");
                }
            } catch (IOException e) {
                return Optional.of("cannot check " + check + ": " + CgroupIo.reason(e));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("layout: " + model.layout() + (model.layout() == CgroupLayout.HYBRID
                ? " (v1 controllers used; cgroup2 at " + model.v2Mount().orElseThrow() + " not used)" : ""));
        lines.add("controllers (v1): " + model.v1Mounts().entrySet().stream()
                .map(e -> e.getKey().v1Name() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        Optional<String> problem = unavailableReason();
        lines.add(problem.map(p -> "parent: none (" + p + ")").orElseGet(() -> "parent: " + DEFAULT_PARENT + " in "
                + distinctMounts(model.v1Mounts().keySet()).stream().map(m -> resolve(m, DEFAULT_PARENT).toString())
                        .collect(Collectors.joining(", "))));
        return lines;
    }

    @Override
    public SandboxCgroup create(String parent, String name, CgroupLimits limits) throws CgroupException {
        String cgParent = parent == null ? DEFAULT_PARENT : parent;
        Set<Controller> missing = EnumSet.noneOf(Controller.class);
        missing.addAll(limits.requiredControllers());
        missing.removeAll(model.v1Mounts().keySet());
        if (!missing.isEmpty()) {
            throw new CgroupException(CgroupException.Kind.CONTROLLER_MISSING, "the limits need cgroup v1 controller(s) "
                    + missing.stream().map(Controller::v1Name).toList() + " which are not mounted on this host (mounted: "
                    + model.v1Mounts().keySet().stream().map(Controller::v1Name).toList() + ")");
        }
        Optional<String> problem = parentProblem(cgParent);
        if (problem.isPresent()) {
            throw new CgroupException(CgroupException.Kind.UNAVAILABLE, "no writable cgroup for the sandbox: " + problem.get());
        }
        Set<Controller> used = EnumSet.noneOf(Controller.class);
        used.addAll(limits.requiredControllers());
        for (Controller c : ALWAYS) {
            if (model.v1Mounts().containsKey(c)) {
                used.add(c);
            }
        }
        Map<Controller, Path> byController = new EnumMap<>(Controller.class);
        Map<Path, Path> dirByMount = new LinkedHashMap<>();
        for (Controller c : used) {
            Path mount = model.v1Mounts().get(c);
            Path dir = resolve(mount, cgParent).resolve(name);
            byController.put(c, dir);
            dirByMount.put(mount, dir);
        }
        List<Path> created = new ArrayList<>();
        try {
            for (Map.Entry<Path, Path> e : dirByMount.entrySet()) {
                ensureParent(e.getKey(), e.getValue().getParent());
                if (!fs.exists(e.getValue().getParent())) {
                    // someone removed the shared parent since we prepared it: prepare again
                    preparedParents.remove(e.getValue().getParent());
                    ensureParent(e.getKey(), e.getValue().getParent());
                }
                CgroupDirs.mkdir(fs, e.getValue(), uid);
                created.add(e.getValue());
            }
            // cpuset first: nothing can join a v1 cpuset group until cpus and mems are set.
            if (byController.containsKey(Controller.CPUSET)) {
                Path d = byController.get(Controller.CPUSET);
                if (limits.cpuset().isPresent()) {
                    CpusetController.apply(fs, d, limits.cpuset().get());
                } else {
                    CpusetController.inheritIfEmpty(fs, d);
                }
            }
            if (byController.containsKey(Controller.MEMORY)) {
                MemoryController.apply(fs, byController.get(Controller.MEMORY), limits);
            }
            if (byController.containsKey(Controller.CPU)) {
                CpuController.apply(fs, byController.get(Controller.CPU), limits);
            }
            if (byController.containsKey(Controller.PIDS)) {
                PidsController.apply(fs, byController.get(Controller.PIDS), limits);
            }
            if (byController.containsKey(Controller.IO)) {
                BlkioController.apply(fs, byController.get(Controller.IO), limits);
            }
        } catch (CgroupException e) {
            CgroupDirs.rollback(fs, created);
            throw e;
        }
        LOG.log(Level.DEBUG, "created v1 cgroup {0} in {1}", name, created);
        return new V1Cgroup(fs, model.layout(), name, byController, created);
    }

    /** Creates the shared parent once per directory (later creates skip the checks: creation stays cheap). */
    private void ensureParent(Path mount, Path parentDir) throws CgroupException {
        if (preparedParents.contains(parentDir)) {
            return;
        }
        boolean cpuset = mount.equals(model.v1Mounts().get(Controller.CPUSET));
        List<Path> chain = new ArrayList<>();
        for (Path p = parentDir; p != null && !p.equals(mount); p = p.getParent()) {
            chain.addFirst(p);
        }
        for (Path p : chain) {
            if (!fs.exists(p)) {
                try {
                    fs.mkdir(p);
                } catch (FileAlreadyExistsException raced) {
                    // another thread or JVM made it: fine
                } catch (IOException e) {
                    throw new CgroupException(CgroupException.Kind.UNAVAILABLE, "cannot create parent cgroup " + p + ": "
                            + CgroupIo.reason(e) + "; run as root or pass a writable parent", e);
                }
            }
            if (cpuset) {
                CpusetController.inheritIfEmpty(fs, p);
            }
        }
        preparedParents.add(parentDir);
    }

    private static Path resolve(Path mount, String cgPath) {
        String rel = cgPath.replaceFirst("^/+", "");
        return rel.isEmpty() ? mount : mount.resolve(rel);
    }

    private List<Path> distinctMounts(Set<Controller> cs) {
        return cs.stream().map(model.v1Mounts()::get).distinct().toList();
    }
}
