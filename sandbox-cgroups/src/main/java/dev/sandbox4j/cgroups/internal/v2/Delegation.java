package dev.sandbox4j.cgroups.internal.v2;

import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.internal.CgroupDirs;
import dev.sandbox4j.cgroups.internal.CgroupFs;
import dev.sandbox4j.cgroups.internal.CgroupIo;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes controllers available to the children of a v2 parent, top-down from the delegation root, and keeps
 * v2's no-internal-processes rule: a non-root cgroup that gives controllers to its children must not hold
 * processes itself. When that cgroup is the JVM's own (the usual case for a {@code Delegate=yes} scope), the
 * JVM's processes are moved into the leaf {@value #HOST_LEAF} first, the way systemd-delegated tools do; a
 * cgroup holding anyone else's processes is never touched.
 */
final class Delegation {

    private static final System.Logger LOG = System.getLogger("dev.sandbox4j.cgroups");

    /** The leaf the JVM moves into when its own cgroup must give controllers to sandboxes. */
    static final String HOST_LEAF = "sandbox4j-host";

    private final CgroupFs fs;
    private final int uid;

    Delegation(CgroupFs fs, int uid) {
        this.fs = fs;
        this.uid = uid;
    }

    /**
     * Ensures every directory from {@code root} down to {@code parent} exists and has {@code required} (must
     * succeed) and as many of {@code optional} (accounting; dropped where unavailable or where enabling would
     * move processes) as possible in its {@code cgroup.subtree_control}.
     *
     * @param own the JVM's own cgroup directory, the only one whose processes may be moved
     * @return the controllers now enabled for {@code parent}'s children
     */
    Set<String> enable(Path root, Path parent, Path own, Set<String> required, Set<String> optional) throws CgroupException {
        List<Path> chain = new ArrayList<>();
        for (Path p = parent; p != null && p.startsWith(root); p = p.getParent()) {
            chain.addFirst(p);
        }
        Set<String> soft = new LinkedHashSet<>(optional);
        soft.removeAll(required);
        Set<String> enabled = Set.of();
        for (Path d : chain) {
            if (!fs.exists(d)) {
                try {
                    fs.mkdir(d);
                } catch (FileAlreadyExistsException raced) {
                    // made concurrently: fine
                } catch (IOException e) {
                    CgroupDirs.mkdir(fs, d, uid); // rethrows with the explanatory message
                }
            }
            enabled = enableAt(d, own, required, soft);
        }
        return enabled;
    }

    private Set<String> enableAt(Path d, Path own, Set<String> required, Set<String> soft) throws CgroupException {
        Set<String> have = words(CgroupIo.read(fs, d.resolve("cgroup.subtree_control")));
        Set<String> available = words(CgroupIo.read(fs, d.resolve("cgroup.controllers")));
        List<String> missing = required.stream().filter(c -> !available.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new CgroupException(CgroupException.Kind.CONTROLLER_MISSING, "controller(s) " + missing
                    + " are not available in " + d + " (its cgroup.controllers lists: " + available + "); the cgroup "
                    + "above it must delegate them, e.g. systemd-run --user --scope -p Delegate=yes (or "
                    + "-p 'Delegate=" + String.join(" ", required) + "') java ...");
        }
        soft.retainAll(available); // unavailable accounting controllers are skipped here and below
        Set<String> needRequired = new LinkedHashSet<>(required);
        needRequired.removeAll(have);
        Set<String> needSoft = new LinkedHashSet<>(soft);
        needSoft.removeAll(have);
        if (needRequired.isEmpty() && needSoft.isEmpty()) {
            return have;
        }
        boolean isRootCgroup = !fs.exists(d.resolve("cgroup.type")); // the root cgroup is exempt from the rule
        if (!isRootCgroup) {
            List<Long> procs = CgroupIo.readPids(fs, d.resolve("cgroup.procs"));
            if (!procs.isEmpty()) {
                if (needRequired.isEmpty()) {
                    // Accounting alone is not worth moving processes: go on without those controllers.
                    soft.removeAll(needSoft);
                    return have;
                }
                if (!d.equals(own)) {
                    throw new CgroupException(CgroupException.Kind.CONTROLLER_MISSING, "cannot enable " + needRequired
                            + " for the children of " + d + ": it holds processes " + procs + " and cgroup v2 lets only a "
                            + "cgroup without processes give controllers to its children; use a parent without processes");
                }
                moveIntoLeaf(d, procs);
            }
        }
        Set<String> toEnable = new LinkedHashSet<>(needRequired);
        toEnable.addAll(needSoft);
        String cmd = String.join(" ", toEnable.stream().map(c -> "+" + c).toList());
        CgroupIo.write(fs, d.resolve("cgroup.subtree_control"), cmd);
        Set<String> now = new LinkedHashSet<>(have);
        now.addAll(toEnable);
        return now;
    }

    private void moveIntoLeaf(Path d, List<Long> procs) throws CgroupException {
        Path leaf = d.resolve(HOST_LEAF);
        if (!fs.exists(leaf)) {
            CgroupDirs.mkdir(fs, leaf, uid);
        }
        LOG.log(Level.INFO, "moving this JVM''s processes {0} from {1} into {2}: cgroup v2 allows controllers for "
                + "sandboxes only below a cgroup without processes", procs, d, leaf);
        // Repeat: a process forked while we moved lands in d again.
        for (int round = 0; round < 5 && !procs.isEmpty(); round++) {
            for (long pid : procs) {
                try {
                    fs.write(leaf.resolve("cgroup.procs"), Long.toString(pid));
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "pid {0} not moved (exited?): {1}", pid, CgroupIo.reason(e));
                }
            }
            procs = CgroupIo.readPids(fs, d.resolve("cgroup.procs"));
        }
        if (!procs.isEmpty()) {
            throw new CgroupException(CgroupException.Kind.FAILED, "could not move processes " + procs + " out of " + d
                    + " into " + leaf);
        }
    }

    static Set<String> words(String s) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : s.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
