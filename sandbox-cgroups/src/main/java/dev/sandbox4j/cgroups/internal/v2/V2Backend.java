package dev.sandbox4j.cgroups.internal.v2;

import dev.sandbox4j.cgroups.CgroupException;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sandbox cgroups on the v2 hierarchy. As root the parent is {@code <mount>/sandbox4j}; as an ordinary user it is
 * {@code <own cgroup>/sandbox4j}, usable when the user owns the JVM's own cgroup (a systemd {@code Delegate=yes}
 * unit). Controllers are enabled top-down once per parent; later creates only mkdir and write limits.
 */
public final class V2Backend implements Backend {

    private static final System.Logger LOG = System.getLogger("dev.sandbox4j.cgroups");

    static final String PARENT_NAME = "sandbox4j";
    /** Enabled when possible so every sandbox has memory and pids accounting. */
    static final Set<String> ACCOUNTING = Set.of("memory", "pids");

    private final HostModel model;
    private final CgroupFs fs;
    private final int uid;
    private final Path mount;
    private final Delegation delegation;
    /** Parent directory to the controllers already enabled for its children. */
    private final Map<Path, Set<String>> prepared = new ConcurrentHashMap<>();

    /** Where this process may create cgroups: the delegation root, or why there is none. */
    private record Site(Path root, String problem) {
    }

    public V2Backend(HostModel model, CgroupFs fs, int uid) {
        this.model = model;
        this.fs = fs;
        this.uid = uid;
        this.mount = model.v2Mount().orElseThrow();
        this.delegation = new Delegation(fs, uid);
    }

    /** The JVM's own cgroup, seen through the leaf we may have moved it into earlier. */
    private Optional<Path> ownDelegated() {
        return model.v2Own().map(o -> o.getFileName() != null && o.getFileName().toString().equals(Delegation.HOST_LEAF)
                ? o.getParent() : o);
    }

    private Site site() {
        if (uid == 0) {
            return new Site(mount, null);
        }
        Optional<Path> own = ownDelegated();
        if (own.isEmpty()) {
            return new Site(null, "cannot tell this process's cgroup v2 from /proc/self/cgroup; " + CgroupDirs.HOW_TO_GET_ONE);
        }
        for (String f : new String[] {"", "cgroup.procs", "cgroup.subtree_control"}) {
            Path p = f.isEmpty() ? own.get() : own.get().resolve(f);
            try {
                int owner = fs.owner(p);
                if (owner != uid) {
                    return new Site(null, "this process's cgroup " + own.get() + " is not delegated to you: " + p
                            + " is owned by uid " + owner + ", you are uid " + uid + "; " + CgroupDirs.HOW_TO_GET_ONE);
                }
            } catch (IOException e) {
                return new Site(null, "cannot check " + p + ": " + CgroupIo.reason(e) + "; " + CgroupDirs.HOW_TO_GET_ONE);
            }
        }
        return new Site(own.get(), null);
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(site().problem());
    }

    @Override
    public Optional<String> defaultParent() {
        Site s = site();
        return s.problem() != null ? Optional.empty() : Optional.of(cgroupPath(s.root().resolve(PARENT_NAME)));
    }

    private String cgroupPath(Path dir) {
        return "/" + mount.relativize(dir).toString();
    }

    @Override
    public Map<Controller, Path> controllers() {
        Site s = site();
        Map<Controller, Path> out = new EnumMap<>(Controller.class);
        if (s.problem() != null) {
            return out;
        }
        try {
            for (String c : Delegation.words(fs.read(s.root().resolve("cgroup.controllers")))) {
                Controller.ofV2Name(c).ifPresent(k -> out.put(k, s.root().resolve(PARENT_NAME)));
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot read controllers of {0}: {1}", s.root(), CgroupIo.reason(e));
        }
        return out;
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("layout: UNIFIED (cgroup v2 at " + mount + ")");
        Site s = site();
        if (s.problem() != null) {
            lines.add("parent: none (" + s.problem() + ")");
            return lines;
        }
        lines.add("controllers (v2, delegated at " + s.root() + "): "
                + String.join(" ", controllers().keySet().stream().map(c -> c.v2Name().orElseThrow()).toList()));
        lines.add("parent: " + s.root().resolve(PARENT_NAME) + (uid == 0 ? "" : " (delegated to uid " + uid
                + "; the JVM moves into " + Delegation.HOST_LEAF + " if its own cgroup must enable controllers)"));
        return lines;
    }

    @Override
    public SandboxCgroup create(String parent, String name, CgroupLimits limits) throws CgroupException {
        Site s = site();
        if (s.problem() != null) {
            throw new CgroupException(CgroupException.Kind.UNAVAILABLE, "no writable cgroup for the sandbox: " + s.problem());
        }
        Path parentDir = parent == null ? s.root().resolve(PARENT_NAME) : under(mount, parent);
        Path root = parentDir.startsWith(s.root()) ? s.root() : parentDir;
        Set<String> required = new LinkedHashSet<>();
        for (Controller c : limits.requiredControllers()) {
            required.add(c.v2Name().orElseThrow());
        }
        Set<String> have = prepared.get(parentDir);
        if (have == null || !have.containsAll(required) || !fs.exists(parentDir)) {
            synchronized (this) {
                have = delegation.enable(root, parentDir, ownDelegated().orElse(null), required, ACCOUNTING);
                prepared.put(parentDir, Set.copyOf(have));
            }
        }
        Path dir = parentDir.resolve(name);
        CgroupDirs.mkdir(fs, dir, uid);
        try {
            CpusetController.apply(fs, dir, limits);
            MemoryController.apply(fs, dir, limits);
            CpuController.apply(fs, dir, limits);
            PidsController.apply(fs, dir, limits);
            IoController.apply(fs, dir, limits);
        } catch (CgroupException e) {
            CgroupDirs.rollback(fs, List.of(dir));
            throw e;
        }
        LOG.log(Level.DEBUG, "created v2 cgroup {0}", dir);
        return new V2Cgroup(fs, name, dir);
    }

    private static Path under(Path mount, String cgPath) {
        String rel = cgPath.replaceFirst("^/+", "");
        return rel.isEmpty() ? mount : mount.resolve(rel);
    }
}
