package dev.sandbox4j.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.cgroups.internal.HostModel;
import dev.sandbox4j.cgroups.internal.MountInfo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

    private static final Path R = Path.of("/");

    @Test
    void hybridHostUsesV1ControllersAndSeesTheUnusedCgroup2() {
        HostModel m = HostModel.of(FakeHosts.HYBRID_MOUNTINFO, FakeHosts.HYBRID_PROC_CGROUP, R);
        assertThat(m.layout()).isEqualTo(CgroupLayout.HYBRID);
        assertThat(m.v1Mounts()).containsEntry(Controller.MEMORY, Path.of("/sys/fs/cgroup/memory"))
                .containsEntry(Controller.IO, Path.of("/sys/fs/cgroup/blkio"))
                .containsEntry(Controller.FREEZER, Path.of("/sys/fs/cgroup/freezer"))
                .hasSize(7);
        assertThat(m.v2Mount()).contains(Path.of("/sys/fs/cgroup/unified"));
        assertThat(m.v1Own()).containsEntry(Controller.MEMORY, Path.of("/sys/fs/cgroup/memory/process_api/16fec6a5"))
                .containsEntry(Controller.PIDS, Path.of("/sys/fs/cgroup/pids"));
    }

    @Test
    void legacyHostWithCoMountedCpuAndCpuacct() {
        HostModel m = HostModel.of(FakeHosts.LEGACY_MOUNTINFO, FakeHosts.LEGACY_PROC_CGROUP, R);
        assertThat(m.layout()).isEqualTo(CgroupLayout.LEGACY);
        assertThat(m.v1Mounts().get(Controller.CPU)).isEqualTo(Path.of("/sys/fs/cgroup/cpu,cpuacct"))
                .isEqualTo(m.v1Mounts().get(Controller.CPUACCT));
        assertThat(m.v1Mounts()).doesNotContainKeys(Controller.CPUSET, Controller.IO);
        assertThat(m.v2Mount()).isEmpty();
        assertThat(m.v1Own()).containsEntry(Controller.CPU, Path.of("/sys/fs/cgroup/cpu,cpuacct/user.slice"));
    }

    @Test
    void unifiedHostFindsOwnCgroup() {
        HostModel m = HostModel.of(FakeHosts.UNIFIED_MOUNTINFO, "0::" + FakeHosts.OWN_SCOPE + "\n", R);
        assertThat(m.layout()).isEqualTo(CgroupLayout.UNIFIED);
        assertThat(m.v1Mounts()).isEmpty();
        assertThat(m.v2Own()).contains(Path.of("/sys/fs/cgroup" + FakeHosts.OWN_SCOPE));
    }

    @Test
    void onlyANamedV1HierarchyBesideCgroup2IsStillUnified() {
        String mi = FakeHosts.UNIFIED_MOUNTINFO
                + "40 26 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n";
        assertThat(HostModel.of(mi, "", R).layout()).isEqualTo(CgroupLayout.UNIFIED);
    }

    @Test
    void noCgroupMountsIsNone() {
        assertThat(HostModel.of("22 1 254:0 / / rw - ext4 /dev/vda rw\n", "", R).layout()).isEqualTo(CgroupLayout.NONE);
    }

    @Test
    void containerCgroupNamespaceAndBindMountedRootsResolve() {
        // a container: the cgroup2 mount's root is the container's cgroup, /proc/self/cgroup is relative to it
        String mi = "900 800 0:30 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n";
        assertThat(HostModel.of(mi, "0::/\n", R).v2Own()).contains(Path.of("/sys/fs/cgroup"));
        // a bind mount of a sub-cgroup without a namespace: strip the mount root from the own path
        String bind = "900 800 0:30 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
        assertThat(HostModel.of(bind, "0::/docker/abc/sub\n", R).v2Own()).contains(Path.of("/sys/fs/cgroup/sub"));
        // a cgroup outside our namespace's view is unusable, not guessed
        assertThat(HostModel.of(mi, "0::/../other\n", R).v2Own()).isEmpty();
    }

    @Test
    void mountinfoEscapesAndOptionalFieldsAreHandled() {
        String mi = "50 30 0:40 / /mnt/my\\040cgroups rw shared:5 master:2 - cgroup cgroup rw,pids\n";
        assertThat(MountInfo.cgroupMounts(mi)).singleElement().satisfies(c -> {
            assertThat(c.mountPoint()).isEqualTo("/mnt/my cgroups");
            assertThat(c.superOptions()).contains("pids");
            assertThat(c.v2()).isFalse();
        });
    }

    @Test
    void fakeTreeRootPrefixesEveryMount(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        CgroupHost host = CgroupHost.detect(HostPaths.fakeTree(FakeHosts.hybrid(tmp), 0, 1));
        assertThat(host.layout()).isEqualTo(CgroupLayout.HYBRID);
        assertThat(host.controllers()).containsEntry(Controller.MEMORY, tmp.resolve("sys/fs/cgroup/memory"));
        assertThat(host.defaultParent()).contains("/sandbox4j");
    }

    @Test
    void unreadableMountinfoReportsNoneWithTheReason(@org.junit.jupiter.api.io.TempDir Path tmp) {
        CgroupHost host = CgroupHost.detect(HostPaths.fakeTree(tmp, 0, 1));
        assertThat(host.layout()).isEqualTo(CgroupLayout.NONE);
        assertThat(host.isAvailable()).isFalse();
        assertThat(host.unavailableReason().orElseThrow()).contains("mountinfo");
        assertThat(host.describe()).anyMatch(l -> l.startsWith("parent: none"));
    }
}
