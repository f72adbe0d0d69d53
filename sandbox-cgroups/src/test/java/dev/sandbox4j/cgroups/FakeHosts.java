package dev.sandbox4j.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Sample mountinfo texts of the three layouts, and fake cgroupfs trees built from them in a temp dir. */
final class FakeHosts {

    private FakeHosts() {
    }

    /** This development machine's mountinfo: v1 controllers plus an unused cgroup2 (hybrid). */
    static final String HYBRID_MOUNTINFO = """
            22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
            30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            33 30 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
            34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            35 30 0:32 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
            36 30 0:33 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
            37 30 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
            38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

    static final String HYBRID_PROC_CGROUP = """
            9:name=systemd:/
            8:pids:/
            7:blkio:/
            6:freezer:/
            5:devices:/
            4:memory:/process_api/16fec6a5
            3:cpuset:/
            2:cpuacct:/
            1:cpu:/
            0::/
            """;

    /** A classic systemd legacy host: cpu and cpuacct co-mounted, no cgroup2. */
    static final String LEGACY_MOUNTINFO = """
            25 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            26 25 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
            27 26 0:23 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,xattr,name=systemd
            30 26 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,cpu,cpuacct
            31 26 0:27 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,memory
            32 26 0:28 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,pids
            33 26 0:29 / /sys/fs/cgroup/freezer rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,freezer
            """;

    static final String LEGACY_PROC_CGROUP = """
            5:freezer:/
            4:pids:/user.slice/user-1000.slice/session-2.scope
            3:memory:/user.slice/user-1000.slice/session-2.scope
            2:cpu,cpuacct:/user.slice
            1:name=systemd:/user.slice/user-1000.slice/session-2.scope
            """;

    /** A unified host (Debian 12 / Fedora default). */
    static final String UNIFIED_MOUNTINFO = """
            21 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
            26 21 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
            """;

    static final String OWN_SCOPE = "/user.slice/user-1000.slice/user@1000.service/app.slice/run-r1.scope";

    /** v1 controller directories and the files their children get. */
    static final Map<String, List<String>> V1_FILES = Map.of(
            "memory", List.of("memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "memory.usage_in_bytes",
                    "memory.max_usage_in_bytes", "memory.oom_control", "memory.failcnt"),
            "cpu", List.of("cpu.cfs_period_us", "cpu.cfs_quota_us", "cpu.shares", "cpu.stat"),
            "cpuacct", List.of("cpuacct.usage"),
            "cpuset", List.of("cpuset.cpus", "cpuset.mems"),
            "pids", List.of("pids.max", "pids.current", "pids.peak"),
            "freezer", List.of("freezer.state"),
            "blkio", List.of("blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
                    "blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device"),
            "devices", List.of(),
            "systemd", List.of());

    /** The hybrid development machine as a fake tree. */
    static Path hybrid(Path tmp) throws IOException {
        writeProc(tmp, HYBRID_MOUNTINFO, HYBRID_PROC_CGROUP);
        for (Map.Entry<String, List<String>> e : V1_FILES.entrySet()) {
            Path d = Files.createDirectories(tmp.resolve("sys/fs/cgroup").resolve(e.getKey()));
            FakeCgroupFs.put(d, "cgroup.procs=");
            FakeCgroupFs.put(d, "tasks=");
            for (String f : e.getValue()) {
                FakeCgroupFs.put(d, f + "=" + switch (f) {
                    case "cpuset.cpus" -> "0-1";
                    case "cpuset.mems" -> "0";
                    default -> "";
                });
            }
        }
        Path unified = Files.createDirectories(tmp.resolve("sys/fs/cgroup/unified"));
        FakeCgroupFs.put(unified, "cgroup.controllers=");
        FakeCgroupFs.put(unified, "cgroup.subtree_control=");
        FakeCgroupFs.put(unified, "cgroup.procs=");
        return tmp;
    }

    /**
     * A unified host: root controllers "cpuset cpu io memory pids", the JVM (pid {@code jvmPid}) in
     * {@link #OWN_SCOPE} whose ancestors delegate {@code delegated}.
     */
    static Path unified(Path tmp, long jvmPid, String delegated) throws IOException {
        writeProc(tmp, UNIFIED_MOUNTINFO, "0::" + OWN_SCOPE + "\n");
        Path root = Files.createDirectories(tmp.resolve("sys/fs/cgroup"));
        FakeCgroupFs.put(root, "cgroup.controllers=cpuset cpu io memory pids");
        FakeCgroupFs.put(root, "cgroup.subtree_control=cpuset cpu io memory pids");
        FakeCgroupFs.put(root, "cgroup.procs=1\n");
        Path d = root;
        String enabled = "cpuset cpu io memory pids";
        for (String part : OWN_SCOPE.substring(1).split("/")) {
            d = Files.createDirectory(d.resolve(part));
            FakeCgroupFs.populateV2(d, enabled);
            enabled = delegated;
            FakeCgroupFs.put(d, "cgroup.subtree_control=" + enabled);
        }
        FakeCgroupFs.put(d, "cgroup.subtree_control="); // the scope itself: nothing enabled yet
        FakeCgroupFs.put(d, "cgroup.procs=" + jvmPid + "\n");
        return tmp;
    }

    static Path ownScope(Path tmp) {
        return tmp.resolve("sys/fs/cgroup").resolve(OWN_SCOPE.substring(1));
    }

    /** Gives the tree under {@code dir} to a non-root uid the way systemd delegates, and returns that uid. */
    static int delegate(Path dir) throws IOException {
        int me = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (me != 0) {
            return me; // an ordinary user already owns what it created
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                Files.setAttribute(p, "unix:uid", 1000, LinkOption.NOFOLLOW_LINKS);
            }
        }
        return 1000;
    }

    static void writeProc(Path tmp, String mountinfo, String procCgroup) throws IOException {
        Path proc = Files.createDirectories(tmp.resolve("proc/self"));
        Files.writeString(proc.resolve("mountinfo"), mountinfo);
        Files.writeString(proc.resolve("cgroup"), procCgroup);
    }
}
