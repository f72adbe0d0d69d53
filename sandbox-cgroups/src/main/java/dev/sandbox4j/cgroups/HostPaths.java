package dev.sandbox4j.cgroups;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where {@link CgroupHost#detect(HostPaths)} looks, and as whom: the real host by {@link #system()}, or a
 * fake cgroupfs tree in a temporary directory by {@link #fakeTree(Path, int, long)}.
 *
 * <pre>{@code
 * // tmp/proc/self/mountinfo, tmp/proc/self/cgroup and tmp/sys/fs/cgroup/... written by the test
 * CgroupHost host = CgroupHost.detect(HostPaths.fakeTree(tmp, 1000, 4242));
 * }</pre>
 *
 * @param mountinfo the {@code /proc/self/mountinfo} to read
 * @param procSelfCgroup the {@code /proc/self/cgroup} to read
 * @param root the directory mount points are resolved under ({@code /} on the real host)
 * @param uid the effective uid of this process (0 = root)
 * @param pid this process's pid, the one moved into a leaf when v2's no-internal-processes rule requires it
 */
public record HostPaths(Path mountinfo, Path procSelfCgroup, Path root, int uid, long pid) {

    /** Checks nothing is null. */
    public HostPaths {
        Objects.requireNonNull(mountinfo, "mountinfo");
        Objects.requireNonNull(procSelfCgroup, "procSelfCgroup");
        Objects.requireNonNull(root, "root");
    }

    /** The running process on the real host. */
    public static HostPaths system() {
        return new HostPaths(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"), Path.of("/"),
                effectiveUid(), ProcessHandle.current().pid());
    }

    /** A fake host whose {@code proc/self/{mountinfo,cgroup}} and mount points live under {@code root}. */
    public static HostPaths fakeTree(Path root, int uid, long pid) {
        return new HostPaths(root.resolve("proc/self/mountinfo"), root.resolve("proc/self/cgroup"), root, uid, pid);
    }

    private static int effectiveUid() {
        try {
            for (String line : ProcFile.read(Path.of("/proc/self/status")).split("\n")) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: treat as unprivileged, the safe assumption
        }
        return Integer.MAX_VALUE;
    }
}
